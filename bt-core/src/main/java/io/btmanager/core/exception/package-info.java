/**
 * Every exception bt-manager throws: one unchecked root, {@link
 * io.btmanager.core.exception.TaskManagerException}, and subclasses named for what went wrong.
 */
package io.btmanager.core.exception;
