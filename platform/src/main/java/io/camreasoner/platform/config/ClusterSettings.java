package io.camreasoner.platform.config;

import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The options every service shares to reach the cluster: Kafka's bootstrap servers, the Kafka
 * client properties for security (a properties file and/or {@code kafka.client.*} options) and the
 * schema registry. Services merge {@link #GROUP} into their own group so the names and docs exist
 * once.
 */
public final class ClusterSettings {
  private ClusterSettings() {}

  /** Kafka bootstrap servers. */
  public static final Setting<String> BOOTSTRAP =
      Setting.string("kafka.bootstrap", "localhost:9092", "Kafka bootstrap servers.").notBlank();

  /** A Kafka client properties file applied to every Kafka client of the service. */
  public static final Setting<String> KAFKA_CONFIG_FILE =
      Setting.string(
          "kafka.config-file",
          "",
          "Kafka client properties file (security.protocol, sasl.*, ssl.*) for every Kafka client"
              + " of the service, as Kafka's own tools take it (empty = none).");

  /** Prefix of single Kafka client properties, e.g. {@code kafka.client.security.protocol}. */
  public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

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
      SettingGroup.of("cluster", BOOTSTRAP, KAFKA_CONFIG_FILE, REGISTRY_URL, REGISTRY_AUTH)
          .withPrefix(
              KAFKA_CLIENT_PREFIX,
              "One Kafka client property for every Kafka client of the service, e.g."
                  + " kafka.client.security.protocol=SASL_SSL (wins over kafka.config-file).");

  /**
   * The extra Kafka client properties of a parsed configuration: {@code kafka.config-file}, then
   * the {@code kafka.client.*} options over it.
   *
   * @throws ConfigException when the file cannot be read
   */
  public static Map<String, String> kafkaClient(SettingGroup.Config cfg) {
    return kafkaClient(cfg.get(KAFKA_CONFIG_FILE), cfg.prefixed(KAFKA_CLIENT_PREFIX));
  }

  /**
   * The schema registry client's properties in Confluent's names: those of {@code
   * kafka.config-file} and {@code kafka.client.*} that concern the registry (where Confluent's
   * clients keep them: {@code basic.auth.credentials.source}, {@code basic.auth.user.info}, {@code
   * schema.registry.ssl.*}, {@code auto.register.schemas}), with {@code schema.registry.url} and
   * {@code schema.registry.basic-auth} over them. The same file thus works for Confluent's clients
   * and ours, against Confluent's registry, Karapace, Apicurio or the embedded one.
   */
  public static Map<String, Object> registryClient(SettingGroup.Config cfg) {
    return registryClient(kafkaClient(cfg), cfg.get(REGISTRY_URL), cfg.get(REGISTRY_AUTH));
  }

  /**
   * The schema registry client's properties from Kafka client properties (those that concern the
   * registry, see {@link #registryClient(SettingGroup.Config)}), with the URL and basic-auth {@code
   * user:password} (null or blank = none) over them.
   */
  public static Map<String, Object> registryClient(
      Map<String, String> kafkaClient, String url, String basicAuth) {
    Map<String, Object> p = new LinkedHashMap<>();
    kafkaClient.forEach(
        (k, v) -> {
          if (k.startsWith("schema.registry.")
              || k.startsWith("basic.auth.")
              || k.equals(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS)) {
            p.put(k, v);
          }
        });
    if (basicAuth != null && !basicAuth.isBlank()) {
      p.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
      p.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, basicAuth);
    }
    p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url);
    return p;
  }

  /** Serdes over the service's registry, as {@link #registryClient} configures its client. */
  public static AvroSerdeConfig serdes(SettingGroup.Config cfg) {
    return AvroSerdeConfig.fromMap(registryClient(cfg));
  }

  /**
   * The properties of {@code file} (none when blank) with {@code overrides} over them.
   *
   * @throws ConfigException naming {@code kafka.config-file} when the file cannot be read
   */
  public static Map<String, String> kafkaClient(String file, Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    if (file != null && !file.isBlank()) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(
            "cluster",
            List.of(
                KAFKA_CONFIG_FILE.name()
                    + ": cannot read Kafka client properties from '"
                    + file
                    + "': "
                    + e.getMessage()));
      }
      props.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, props.getProperty(k)));
    }
    out.putAll(overrides);
    return out;
  }
}
