package io.camreasoner.aggregator.testing;

import io.camreasoner.aggregator.topology.AggregatorSerdes;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary serdes (no registry, no wire-format header) for tests: the topology takes any
 * serde of its record types, so these stand in for the registry-backed ones.
 */
public final class PlainAvroSerde {

  private PlainAvroSerde() {}

  /** Serdes of all aggregator topics. */
  public static AggregatorSerdes aggregatorSerdes() {
    return new AggregatorSerdes(
        of(MotionEvent.class),
        of(ShotKey.class),
        of(ShotTimeline.class),
        of(DeadLetter.class).serializer());
  }

  /** A serde of one record class. */
  public static <T extends SpecificRecordBase> Serde<T> of(Class<T> type) {
    return Serdes.serdeFrom(serializer(type), deserializer(type));
  }

  static <T extends SpecificRecordBase> Serializer<T> serializer(Class<T> type) {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      try {
        new SpecificDatumWriter<>(type).write(value, enc);
        enc.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    };
  }

  static <T extends SpecificRecordBase> Deserializer<T> deserializer(Class<T> type) {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return new SpecificDatumReader<>(type)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(
            "not a " + type.getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
