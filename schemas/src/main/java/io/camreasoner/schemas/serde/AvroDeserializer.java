package io.camreasoner.schemas.serde;

import io.camreasoner.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro. The writer's schema comes from the registry by the id in the
 * header (cached) and is resolved against the reader's schema: the generated class's schema for
 * SpecificRecord readers, so a consumer built against an older schema reads records written with a
 * newer compatible one; the writer's own schema for GenericRecord readers unless one is given.
 *
 * @param <T> the record type
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
  static {
    TrustedPackages.trustGeneratedClasses();
  }

  private AvroSerdeConfig config;
  private Schema readerSchema;
  private boolean specific;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  /**
   * For Kafka's reflective construction: a GenericRecord reader; {@link #configure} must follow.
   */
  public AvroDeserializer() {}

  private AvroDeserializer(AvroSerdeConfig config, Schema readerSchema, boolean specific) {
    this.config = config;
    this.readerSchema = readerSchema;
    this.specific = specific;
  }

  /**
   * A reader producing instances of a generated class, resolving every writer's schema to its own.
   */
  public static <R extends SpecificRecord> AvroDeserializer<R> specific(
      AvroSerdeConfig config, Class<R> type) {
    return new AvroDeserializer<>(config, SpecificData.get().getSchema(type), true);
  }

  /**
   * A GenericRecord reader; with a reader schema, records are resolved to it, else read as written.
   */
  public static <R> AvroDeserializer<R> generic(AvroSerdeConfig config, Schema readerSchema) {
    return new AvroDeserializer<>(config, readerSchema, false);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.fromMap(configs);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    ByteBuffer in = ByteBuffer.wrap(data);
    int id = WireFormat.readSchemaId(in, topic);
    DatumReader<T> reader;
    try {
      reader = readers.computeIfAbsent(id, this::readerFor);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "cannot read record of topic '"
              + topic
              + "' with schema id "
              + id
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      return reader.read(
          null, DecoderFactory.get().binaryDecoder(data, in.position(), in.remaining(), null));
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "corrupt Avro record of topic '" + topic + "' (schema id " + id + "): " + e, e);
    }
  }

  private DatumReader<T> readerFor(int id) {
    Schema writer = config.client().getById(id);
    Schema reader = readerSchema == null ? writer : readerSchema;
    if (specific) {
      return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
    }
    return new GenericDatumReader<>(writer, reader);
  }
}
