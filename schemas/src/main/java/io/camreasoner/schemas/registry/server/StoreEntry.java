package io.camreasoner.schemas.registry.server;

/** One durable fact of the registry: a registered schema version, or a compatibility setting. */
sealed interface StoreEntry {

  /** A schema registered as a version of a subject under a global id. */
  record SchemaVersion(String subject, int version, int id, String schema) implements StoreEntry {}

  /** A compatibility level for a subject, or the registry-wide one when subject is null. */
  record Config(String subject, String level) implements StoreEntry {}
}
