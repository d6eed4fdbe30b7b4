package io.camreasoner.platform.config;

import java.util.List;

/** Start-up configuration was invalid; the message lists every bad option and why. */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(String group, List<String> problems) {
    super("invalid " + group + " configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per bad option, each naming it. */
  public List<String> problems() {
    return problems;
  }
}
