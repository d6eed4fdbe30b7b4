package io.camreasoner.schemas.registry;

import java.util.Arrays;
import java.util.Locale;

/** Schema compatibility levels of the Confluent Schema Registry API, with their wire names. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /** True if a new schema must be able to read data written with the old one. */
  public boolean checksBackward() {
    return this == BACKWARD
        || this == BACKWARD_TRANSITIVE
        || this == FULL
        || this == FULL_TRANSITIVE;
  }

  /** True if an old schema must be able to read data written with the new one. */
  public boolean checksForward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  /** True if the check runs against every earlier version, not only the latest. */
  public boolean isTransitive() {
    return name().endsWith("_TRANSITIVE");
  }

  /** Parses a wire name (case-insensitive), failing with the list of valid levels. */
  public static CompatibilityLevel parse(String text) {
    if (text != null) {
      String t = text.trim().toUpperCase(Locale.ROOT);
      for (CompatibilityLevel level : values()) {
        if (level.name().equals(t)) {
          return level;
        }
      }
    }
    throw new IllegalArgumentException(
        "invalid compatibility level '" + text + "'; expected one of " + Arrays.toString(values()));
  }
}
