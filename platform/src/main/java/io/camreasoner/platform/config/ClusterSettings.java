package io.camreasoner.platform.config;

/**
 * The options every service shares to reach the cluster: Kafka's bootstrap servers and the schema
 * registry. Services merge {@link #GROUP} into their own group so the names and docs exist once.
 */
public final class ClusterSettings {
  private ClusterSettings() {}

  /** Kafka bootstrap servers. */
  public static final Setting<String> BOOTSTRAP =
      Setting.string("kafka.bootstrap", "localhost:9092", "Kafka bootstrap servers.");

  /** Schema registry URL. */
  public static final Setting<String> REGISTRY_URL =
      Setting.string(
          "schema.registry.url",
          "http://localhost:8081",
          "Confluent-compatible schema registry URL.");

  /** Schema registry basic-auth credentials. */
  public static final Setting<String> REGISTRY_AUTH =
      Setting.string(
          "schema.registry.basic-auth",
          "",
          "Registry basic-auth credentials as user:password (empty = none).");

  /** The shared group. */
  public static final SettingGroup GROUP =
      SettingGroup.of("cluster", BOOTSTRAP, REGISTRY_URL, REGISTRY_AUTH);
}
