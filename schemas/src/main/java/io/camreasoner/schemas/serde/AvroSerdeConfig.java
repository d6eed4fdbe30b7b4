package io.camreasoner.schemas.serde;

import io.camreasoner.schemas.registry.RegistryClientConfig;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.SchemaRegistryClient;
import io.camreasoner.schemas.registry.TlsStores;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What an Avro serde needs: the registry client and whether to register schemas automatically. Also
 * reads Confluent's property names ({@code schema.registry.url}, {@code auto.register.schemas},
 * {@code basic.auth.credentials.source}, {@code basic.auth.user.info}) so serdes configured by
 * Kafka's {@code configure(Map)} behave as users of Confluent's serdes expect.
 *
 * @param client the registry client (shared; its caches are what makes serdes cheap)
 * @param autoRegister true to register a writer's schema when it is not yet known (default)
 */
public record AvroSerdeConfig(SchemaRegistryClient client, boolean autoRegister) {
  /** Confluent's property: the registry URL. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Confluent's property: register schemas automatically (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Confluent's property: where basic-auth credentials come from ({@code USER_INFO} supported). */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Confluent's property: basic-auth credentials as {@code user:password}. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Confluent's properties of the registry client's TLS (after this prefix: as Kafka's ssl.*). */
  public static final String SSL_PREFIX = "schema.registry.ssl.";

  /** Property to hand an existing client object to serdes built by {@code configure(Map)}. */
  public static final String REGISTRY_CLIENT_INSTANCE = "camreasoner.schema.registry.client";

  /** Validates the fields. */
  public AvroSerdeConfig {
    Objects.requireNonNull(client, "client");
  }

  /** Auto-registering config over a client. */
  public static AvroSerdeConfig of(SchemaRegistryClient client) {
    return new AvroSerdeConfig(client, true);
  }

  /**
   * Auto-registering serdes over a registry URL, with {@code user:password} basic auth when {@code
   * basicAuth} is not blank: what every service builds from its {@code schema.registry.*} options.
   */
  public static AvroSerdeConfig forRegistry(String url, String basicAuth) {
    RegistryClientConfig cfg = RegistryClientConfig.of(url);
    if (basicAuth != null && !basicAuth.isBlank()) {
      cfg = cfg.withBasicAuth(basicAuth);
    }
    return of(new RestSchemaRegistryClient(cfg));
  }

  /** The same config with auto-registration switched on or off. */
  public AvroSerdeConfig withAutoRegister(boolean on) {
    return new AvroSerdeConfig(client, on);
  }

  /**
   * Reads a config from Kafka-style properties: either {@link #REGISTRY_CLIENT_INSTANCE} or {@link
   * #SCHEMA_REGISTRY_URL} must be present. TLS comes from Confluent's {@code
   * schema.registry.ssl.truststore.location|password|type} and {@code
   * schema.registry.ssl.keystore.location|password|type}, {@code schema.registry.ssl.key.password};
   * without them an {@code https} URL is checked against the JVM's trust store.
   */
  public static AvroSerdeConfig fromMap(Map<String, ?> props) {
    boolean autoRegister =
        !"false".equalsIgnoreCase(String.valueOf(props.get(AUTO_REGISTER_SCHEMAS)));
    Object instance = props.get(REGISTRY_CLIENT_INSTANCE);
    if (instance instanceof SchemaRegistryClient client) {
      return new AvroSerdeConfig(client, autoRegister);
    }
    Object url = props.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new IllegalArgumentException(
          "Avro serde needs '" + SCHEMA_REGISTRY_URL + "' (the schema registry URL)");
    }
    // Confluent allows a comma-separated list; the first URL is used.
    RegistryClientConfig cfg = RegistryClientConfig.of(url.toString().split(",")[0].trim());
    Object source = props.get(BASIC_AUTH_CREDENTIALS_SOURCE);
    Object userInfo = props.get(BASIC_AUTH_USER_INFO);
    if (userInfo != null && !userInfo.toString().isBlank()) {
      if (source != null && !"USER_INFO".equalsIgnoreCase(source.toString())) {
        throw new IllegalArgumentException(
            BASIC_AUTH_CREDENTIALS_SOURCE + "=" + source + " is not supported; use USER_INFO");
      }
      cfg = cfg.withBasicAuth(userInfo.toString());
    }
    String trustStore = text(props, SSL_PREFIX + "truststore.location");
    String keyStore = text(props, SSL_PREFIX + "keystore.location");
    if (trustStore != null || keyStore != null) {
      cfg =
          cfg.withSslContext(
              TlsStores.context(
                  trustStore == null ? null : Path.of(trustStore),
                  text(props, SSL_PREFIX + "truststore.password"),
                  text(props, SSL_PREFIX + "truststore.type"),
                  keyStore == null ? null : Path.of(keyStore),
                  text(props, SSL_PREFIX + "keystore.password"),
                  text(props, SSL_PREFIX + "keystore.type"),
                  text(props, SSL_PREFIX + "key.password")));
    }
    return new AvroSerdeConfig(new RestSchemaRegistryClient(cfg), autoRegister);
  }

  private static String text(Map<String, ?> props, String key) {
    Object v = props.get(key);
    return v == null || v.toString().isBlank() ? null : v.toString().trim();
  }
}
