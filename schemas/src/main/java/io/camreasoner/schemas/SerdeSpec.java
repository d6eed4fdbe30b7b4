package io.camreasoner.schemas;

import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.schemas.serde.AvroSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How a topic's keys or values are encoded: a recipe that makes a Kafka {@link Serde} once the
 * registry is known. Strings and bytes need no registry; Avro records use the Confluent wire
 * format.
 *
 * @param <T> the Java type of keys or values
 */
@FunctionalInterface
public interface SerdeSpec<T> {

  /** Makes the serde; {@code isKey} picks the registry subject ({@code -key} or {@code -value}). */
  Serde<T> create(AvroSerdeConfig config, boolean isKey);

  /** UTF-8 strings (stream ids as keys). */
  static SerdeSpec<String> string() {
    return (config, isKey) -> Serdes.String();
  }

  /** Raw bytes. */
  static SerdeSpec<byte[]> bytes() {
    return (config, isKey) -> Serdes.ByteArray();
  }

  /** A generated Avro class in the Confluent wire format. */
  static <T extends SpecificRecord> SerdeSpec<T> avro(Class<T> type) {
    return (config, isKey) -> AvroSerdes.specific(config, type, isKey);
  }
}
