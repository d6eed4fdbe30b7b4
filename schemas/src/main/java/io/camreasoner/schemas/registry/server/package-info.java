/**
 * The embedded schema registry: serves the Confluent Schema Registry REST API (the calls the
 * project's client makes, with Confluent's status and error codes), checks compatibility with
 * Avro's own {@code SchemaCompatibility}, and keeps its schemas durable in a compacted Kafka topic
 * (like Confluent's {@code _schemas}) so ids survive a restart. Used by the one-command mode and by
 * tests; production points at a real Confluent-compatible registry instead.
 */
package io.camreasoner.schemas.registry.server;
