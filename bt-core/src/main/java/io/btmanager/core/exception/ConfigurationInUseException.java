package io.btmanager.core.exception;

/** A configuration cannot be deleted while an active task or a schedule entry uses it (rule 10). */
public class ConfigurationInUseException extends TaskManagerException {
  private static final long serialVersionUID = 1L;
  private final String configurationId;

  public ConfigurationInUseException(String configurationId) {
    super("configuration '"
        + configurationId
        + "' is used by an active task or a schedule entry; stop those or delete the entry first");
    this.configurationId = configurationId;
  }

  public String configurationId() {
    return configurationId;
  }
}
