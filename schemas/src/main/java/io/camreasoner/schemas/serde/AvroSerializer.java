package io.camreasoner.schemas.serde;

import io.camreasoner.schemas.registry.SchemaRegistryClient;
import io.camreasoner.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes SpecificRecord or GenericRecord values in the Confluent wire format. The writer's schema
 * is registered (or, with auto-registration off, looked up) under {@code <topic>-key} or {@code
 * <topic>-value} once per schema; afterwards serialising costs only the Avro encoding.
 *
 * @param <T> the record type
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
  private AvroSerdeConfig config;
  private boolean isKey;
  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  /** For Kafka's reflective construction; {@link #configure} must follow. */
  public AvroSerializer() {}

  /** A ready serializer. */
  public AvroSerializer(AvroSerdeConfig config, boolean isKey) {
    this.config = config;
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.fromMap(configs);
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    Schema schema = record.getSchema();
    int id = schemaId(topic, schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
    WireFormat.writeHeader(header, id);
    out.write(header.array(), 0, WireFormat.HEADER_LENGTH);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writers.computeIfAbsent(schema, s -> writerFor(record, s)).write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot write " + schema.getFullName() + " for topic '" + topic + "': " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  private int schemaId(String topic, Schema schema) {
    String subject = Subjects.subject(topic, isKey);
    Map<Schema, Integer> known = ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer id = known.get(schema);
    if (id != null) {
      return id;
    }
    SchemaRegistryClient client = config.client();
    try {
      id =
          config.autoRegister()
              ? client.register(subject, schema)
              : client.lookup(subject, schema).id();
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "cannot get a schema id for " + schema.getFullName() + ": " + e.getMessage(), e);
    }
    known.put(schema, id);
    return id;
  }

  @SuppressWarnings("unchecked")
  private static DatumWriter<Object> writerFor(Object record, Schema schema) {
    if (record instanceof SpecificRecord) {
      return (DatumWriter<Object>)
          (DatumWriter<?>) new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    }
    return new GenericDatumWriter<>(schema);
  }
}
