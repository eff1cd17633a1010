package io.btmanager.core.spi;

/**
 * What {@link TaskStore#submit} did.
 *
 * @param task the task as stored after the call: the new one, or the active duplicate joined
 * @param joined true when an active task with the same dedup key existed and the owner was added
 *     to it instead of inserting
 */
public record SubmitResult(StoredTask task, boolean joined) {}
