package io.camreasoner.worker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary serdes for tests, standing in for the registry-backed Confluent-format serdes
 * of the schemas module: the worker takes any serializer/deserializer.
 */
public final class PlainAvro {

  private PlainAvro() {}

  /** A serializer of one record class. */
  public static <T extends SpecificRecordBase> Serializer<T> serializer(Class<T> type) {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      try {
        writer.write(value, enc);
        enc.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    };
  }

  /** A deserializer of one record class. */
  public static <T extends SpecificRecordBase> Deserializer<T> deserializer(Class<T> type) {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
      BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
      try {
        return reader.read(null, dec);
      } catch (IOException e) {
        throw new org.apache.kafka.common.errors.SerializationException(
            "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
      }
    };
  }
}
