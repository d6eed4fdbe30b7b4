package io.camreasoner.app;

import io.camreasoner.schemas.registry.RegistryClientConfig;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.serde.AvroSerdeConfig;

/** Builds the serde configuration every service uses from the registry options. */
final class Registries {
  private Registries() {}

  /** Auto-registering serdes over a registry URL with optional {@code user:password} basic auth. */
  static AvroSerdeConfig serdes(String url, String basicAuth) {
    RegistryClientConfig cfg = RegistryClientConfig.of(url);
    if (basicAuth != null && !basicAuth.isBlank()) {
      cfg = cfg.withBasicAuth(basicAuth);
    }
    return AvroSerdeConfig.of(new RestSchemaRegistryClient(cfg));
  }
}
