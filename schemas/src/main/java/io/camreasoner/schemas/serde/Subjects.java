package io.camreasoner.schemas.serde;

/**
 * Confluent's default subject naming (TopicNameStrategy): {@code <topic>-key} and {@code
 * <topic>-value}.
 */
public final class Subjects {
  private Subjects() {}

  /** The subject of a topic's keys or values. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
