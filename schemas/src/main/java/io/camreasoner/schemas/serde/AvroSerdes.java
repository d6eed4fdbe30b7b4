package io.camreasoner.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Factories of ready Avro {@link Serde}s for producers, consumers and Kafka Streams. */
public final class AvroSerdes {
  private AvroSerdes() {}

  /** A serde of a generated class. */
  public static <T extends SpecificRecord> Serde<T> specific(
      AvroSerdeConfig config, Class<T> type, boolean isKey) {
    return Serdes.serdeFrom(
        new AvroSerializer<>(config, isKey), AvroDeserializer.specific(config, type));
  }

  /** A GenericRecord serde; the reader schema may be null to read records as written. */
  public static Serde<GenericRecord> generic(
      AvroSerdeConfig config, Schema readerSchema, boolean isKey) {
    return Serdes.serdeFrom(
        new AvroSerializer<>(config, isKey), AvroDeserializer.generic(config, readerSchema));
  }
}
