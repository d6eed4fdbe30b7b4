package io.camreasoner.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.testing.TestPki;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.registry.SchemaRegistryClient;
import io.camreasoner.schemas.registry.SchemaRegistryException;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry behind HTTPS and basic auth, reached with Confluent's client property names from a
 * service's client properties file, as services read them through {@link ClusterSettings}.
 */
class SecuredRegistryTest {
  @TempDir static Path dir;
  private static TestPki pki;

  @BeforeAll
  static void certificates() throws Exception {
    pki = TestPki.create(dir);
  }

  private static EmbeddedSchemaRegistry registry() throws Exception {
    return EmbeddedSchemaRegistry.builder()
        .inMemory()
        .https(pki.keyStore(), pki.password())
        .basicAuth("svc:registry-pw")
        .build()
        .start();
  }

  /**
   * A service's configuration: a client properties file with the registry's TLS and credentials.
   */
  private static SettingGroup.Config service(String url, Map<String, String> file)
      throws Exception {
    Path props = Files.createTempFile(dir, "client", ".properties");
    StringBuilder sb = new StringBuilder();
    file.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    Files.writeString(props, sb);
    return ClusterSettings.GROUP.parse(
        Map.of(
            ClusterSettings.REGISTRY_URL.name(),
            url,
            ClusterSettings.KAFKA_CONFIG_FILE.name(),
            props.toString()),
        k -> null);
  }

  private static Map<String, String> confluentProperties(String userInfo) {
    Map<String, String> p = new HashMap<>();
    p.put("basic.auth.credentials.source", "USER_INFO");
    p.put("basic.auth.user.info", userInfo);
    p.put("schema.registry.ssl.truststore.location", pki.trustStore().toString());
    p.put("schema.registry.ssl.truststore.password", pki.password());
    p.put("schema.registry.ssl.truststore.type", "PKCS12");
    return p;
  }

  @Test
  void shouldRegisterOverHttpsWithBasicAuthWhenConfiguredWithConfluentPropertyNames()
      throws Exception {
    try (EmbeddedSchemaRegistry registry = registry()) {
      assertThat(registry.url()).startsWith("https://127.0.0.1:");
      AvroSerdeConfig serdes =
          ClusterSettings.serdes(service(registry.url(), confluentProperties("svc:registry-pw")));
      try (SchemaRegistryClient client = serdes.client()) {
        int id = client.register("it-key", ShotKey.getClassSchema());
        assertThat(client.getById(id)).isEqualTo(ShotKey.getClassSchema());
        assertThat(client.subjects()).isEqualTo(List.of("it-key"));
      }
    }
  }

  @Test
  void shouldRefuseWrongCredentialsAndUntrustedCertificatesWhenSecured() throws Exception {
    try (EmbeddedSchemaRegistry registry = registry()) {
      AvroSerdeConfig wrong =
          ClusterSettings.serdes(service(registry.url(), confluentProperties("svc:guess")));
      assertThatThrownBy(() -> wrong.client().register("it-key", ShotKey.getClassSchema()))
          .isInstanceOf(SchemaRegistryException.Unauthorized.class);

      Map<String, String> untrusting = confluentProperties("svc:registry-pw");
      untrusting.keySet().removeIf(k -> k.startsWith("schema.registry.ssl."));
      AvroSerdeConfig noTrust = ClusterSettings.serdes(service(registry.url(), untrusting));
      assertThatThrownBy(() -> noTrust.client().register("it-key", ShotKey.getClassSchema()))
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining(registry.url());
    }
  }
}
