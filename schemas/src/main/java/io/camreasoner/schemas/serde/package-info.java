/**
 * Kafka serdes for Avro in the Confluent wire format: magic byte {@code 0}, the 4-byte big-endian
 * schema id, then Avro binary. Schemas are registered under {@code <topic>-value} / {@code
 * <topic>-key} (auto-registration on by default) and readers resolve the writer's schema against
 * their own, so an old consumer reads a newer writer's records. Works for generated SpecificRecord
 * classes and GenericRecord.
 */
package io.camreasoner.schemas.serde;
