package io.btmanager.core.spi;

/**
 * What {@link Catalog#fireOccurrence} did.
 *
 * @param fired true when this call fired the occurrence (advanced the entry); false when the entry
 *     is gone or another node fired it first (nothing written)
 * @param submitted the submit's result when fired with a task, else null
 */
public record OccurrenceFired(boolean fired, SubmitResult submitted) {
  /** The occurrence was fired elsewhere, or the entry is gone. */
  public static final OccurrenceFired NOT_FIRED = new OccurrenceFired(false, null);
}
