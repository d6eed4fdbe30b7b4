package io.camreasoner.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.SampleRecords;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.SchemaRegistryException;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {
  private EmbeddedSchemaRegistry registry;
  private RestSchemaRegistryClient client;
  private AvroSerdeConfig config;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = EmbeddedSchemaRegistry.builder().inMemory().build().start();
    client = RestSchemaRegistryClient.forUrl(registry.url());
    config = AvroSerdeConfig.of(client);
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  /** MotionEvent as a later release might write it: one more field, with a default. */
  private static Schema motionEventWithAddedField() {
    Schema current = MotionEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(
        new Schema.Field(
            "cameraId",
            Schema.create(Schema.Type.STRING),
            "Which camera of a multi-cam rig.",
            "main"));
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  private static GenericRecord asNewerRecord(Schema newer, MotionEvent event) throws Exception {
    // Write the current record, read it back resolved to the newer schema: the added field gets its
    // default.
    var out = new java.io.ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(MotionEvent.getClassSchema()).write(event, encoder);
    encoder.flush();
    GenericRecord record =
        new GenericDatumReader<GenericRecord>(MotionEvent.getClassSchema(), newer)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    record.put("cameraId", "cam-2");
    return record;
  }

  @Test
  void shouldReadNewerWritersRecordWhenConsumerHasOlderSchema() throws Exception {
    Schema newer = motionEventWithAddedField();
    GenericRecord written = asNewerRecord(newer, SampleRecords.motionEvent());
    byte[] bytes =
        AvroSerdes.generic(config, null, false).serializer().serialize("events", written);

    assertThat(client.latest("events-value").schema().getField("cameraId")).isNotNull();
    MotionEvent read =
        Topics.MOTION_EVENTS.valueSerde(config).deserializer().deserialize("events", bytes);
    assertThat(read).isEqualTo(SampleRecords.motionEvent());
  }

  @Test
  void shouldRegisterAddedWithDefaultFieldWhenCompatibilityIsBackward() {
    int v1 = client.register("events-value", MotionEvent.getClassSchema());
    int v2 = client.register("events-value", motionEventWithAddedField());
    assertThat(v2).isNotEqualTo(v1);
    assertThat(client.latest("events-value").version()).isEqualTo(2);
  }

  @Test
  void shouldRefuseIncompatibleChangeWithErrorNamingSubject() {
    Schema v1 =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    Schema noDefault =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                    + "{\"name\":\"b\",\"type\":\"string\"}]}");
    client.register("things-value", v1);

    assertThat(client.isCompatible("things-value", noDefault)).isFalse();
    assertThatThrownBy(() -> client.register("things-value", noDefault))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining("things-value")
        .hasMessageContaining("incompatible")
        .hasMessageContaining("b")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));

    // the serializer surfaces the same refusal when a producer tries to write such a record
    GenericRecord record = new GenericData.Record(noDefault);
    record.put("a", 1);
    record.put("b", "x");
    assertThatThrownBy(
            () -> AvroSerdes.generic(config, null, false).serializer().serialize("things", record))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("things-value")
        .hasMessageContaining("409");
  }
}
