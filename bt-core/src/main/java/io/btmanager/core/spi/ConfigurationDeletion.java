package io.btmanager.core.spi;

/** What {@link TaskStore#deleteConfiguration} did. */
public enum ConfigurationDeletion {
  DELETED,
  /** Not deleted: an active task or a schedule entry refers to it (rule 10). */
  IN_USE,
  NOT_FOUND
}
