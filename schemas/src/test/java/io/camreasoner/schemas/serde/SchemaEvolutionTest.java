package io.camreasoner.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.SampleRecords;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.SchemaRegistryException;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution under the registry's BACKWARD rule: a field added with a default registers, one
 * without is refused; and the real previous release's schemas (test resources {@code
 * avro/previous-release-dc14d44}, taken from git history) against the current ones: this wave's
 * additions (result identity, gap reasons, and whatever later fields such as speed cues) must
 * register over them, consumers built on them must still read new records, and current consumers
 * must read the records they wrote.
 */
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

  // ------------------------------------------------------------------ the previous release

  private static final String PREVIOUS = "/avro/previous-release-dc14d44/";

  /** The previous release's schemas by name, parsed as its build did (shared types first). */
  private static Map<String, Schema> previous() throws IOException {
    Schema.Parser parser = new Schema.Parser();
    Map<String, Schema> out = new LinkedHashMap<>();
    for (String file :
        List.of(
            "common/MotionCues",
            "common/SampledFrame",
            "common/Segment",
            "FrameWindow",
            "MotionEvent",
            "ShotKey",
            "ShotTimeline",
            "DeadLetter")) {
      try (InputStream in =
          SchemaEvolutionTest.class.getResourceAsStream(PREVIOUS + file + ".avsc")) {
        assertThat(in).as(file).isNotNull();
        Schema schema = parser.parse(in);
        out.put(schema.getName(), schema);
      }
    }
    return out;
  }

  /** Each subject of the topic registry with its previous and current schema. */
  private static Map<String, Schema[]> subjects() throws IOException {
    Map<String, Schema> old = previous();
    Map<String, Schema[]> out = new LinkedHashMap<>();
    out.put(
        value(Topics.FRAME_WINDOWS),
        new Schema[] {old.get("FrameWindow"), FrameWindow.getClassSchema()});
    out.put(
        value(Topics.MOTION_EVENTS),
        new Schema[] {old.get("MotionEvent"), MotionEvent.getClassSchema()});
    out.put(
        Topics.SHOT_TIMELINES.name() + "-key",
        new Schema[] {old.get("ShotKey"), ShotKey.getClassSchema()});
    out.put(
        value(Topics.SHOT_TIMELINES),
        new Schema[] {old.get("ShotTimeline"), ShotTimeline.getClassSchema()});
    out.put(value(Topics.DLQ), new Schema[] {old.get("DeadLetter"), DeadLetter.getClassSchema()});
    return out;
  }

  private static String value(Topic<?, ?> topic) {
    return topic.name() + "-value";
  }

  @Test
  void shouldRegisterEveryCurrentSchemaWhenThePreviousReleaseIsRegisteredUnderBackward()
      throws Exception {
    assertThat(client.globalCompatibility().name()).isEqualTo("BACKWARD");
    for (Map.Entry<String, Schema[]> e : subjects().entrySet()) {
      String subject = e.getKey();
      int v1 = client.register(subject, e.getValue()[0]);

      assertThat(client.isCompatible(subject, e.getValue()[1])).as(subject).isTrue();
      int v2 = client.register(subject, e.getValue()[1]);

      assertThat(v2).as(subject).isNotEqualTo(v1);
      assertThat(client.latest(subject).version()).as(subject).isEqualTo(2);
    }
  }

  @Test
  void shouldReadNewRecordsWithTheirNewFieldsLeftOutWhenTheConsumerIsBuiltOnThePreviousSchema()
      throws Exception {
    Map<String, Schema> old = previous();
    MotionEvent event = SampleRecords.motionEvent();
    event.setSession(1_700_000_000_000L);
    event.setProducer("model@1.2#9f8e7d6c");
    event.setFailure("undecodable frames");
    ShotTimeline timeline = SampleRecords.shotTimeline();
    timeline.setSession(1_700_000_000_000L);
    timeline.setProducer("model@1.2#9f8e7d6c");
    timeline.setFailedWindows(1);
    timeline.getSegments().get(0).setGap("reasoner failed");
    ShotKey key = new ShotKey("clip-a", 1, 1_700_000_000_000L, "model@1.2#9f8e7d6c");

    GenericRecord oldEvent = asPrevious(Topics.MOTION_EVENTS, event, old.get("MotionEvent"));
    GenericRecord oldTimeline =
        asPrevious(Topics.SHOT_TIMELINES, timeline, old.get("ShotTimeline"));
    byte[] keyBytes = Topics.SHOT_TIMELINES.keySerde(config).serializer().serialize("t", key);
    GenericRecord oldKey =
        AvroSerdes.generic(config, old.get("ShotKey"), true)
            .deserializer()
            .deserialize("t", keyBytes);

    assertThat(oldEvent.getSchema().getField("session")).isNull();
    assertThat(oldEvent.get("streamId").toString()).isEqualTo("clip-a");
    assertThat(oldEvent.get("labels").toString()).isEqualTo("[pan-left]");
    assertThat(oldEvent.get("thinking").toString()).isEqualTo(event.getThinking());
    assertThat(((GenericRecord) oldEvent.get("cues")).get("translationX")).isEqualTo(0.21);
    assertThat(oldTimeline.getSchema().getField("producer")).isNull();
    GenericRecord segment = (GenericRecord) ((List<?>) oldTimeline.get("segments")).get(0);
    assertThat(segment.getSchema().getField("gap")).isNull();
    assertThat(segment.get("labels").toString()).isEqualTo("[pan-right, tilt-up]");
    assertThat(segment.get("confidence")).isEqualTo(0.88);
    assertThat(oldKey.get("shotIndex")).isEqualTo(1);
    assertThat(oldKey.getSchema().getFields()).hasSize(2);
  }

  @Test
  void shouldReadPreviousRecordsWithDefaultsWhenTheConsumerIsCurrent() throws Exception {
    Map<String, Schema> old = previous();
    GenericRecord written =
        asPrevious(Topics.SHOT_TIMELINES, SampleRecords.shotTimeline(), old.get("ShotTimeline"));
    byte[] bytes = AvroSerdes.generic(config, null, false).serializer().serialize("t", written);

    ShotTimeline read =
        Topics.SHOT_TIMELINES.valueSerde(config).deserializer().deserialize("t", bytes);

    assertThat(client.latest("t-value").schema().getField("producer")).isNull();
    assertThat(read.getSession()).isZero();
    assertThat(read.getProducer()).isEmpty();
    assertThat(read.getFailedWindows()).isZero();
    Segment segment = read.getSegments().get(0);
    assertThat(segment.getGap()).isNull();
    assertThat(segment.getLabels()).containsExactly("pan-right", "tilt-up");
    assertThat(read.getCuts()).containsExactly(97L, 153L);
  }

  /**
   * A current record written by the project's serializer (registering the current schema) and read
   * by a consumer whose reader schema is the previous release's.
   */
  private <V extends SpecificRecord> GenericRecord asPrevious(
      Topic<?, V> topic, V record, Schema previousSchema) {
    byte[] bytes = topic.valueSerde(config).serializer().serialize(topic.name(), record);
    return AvroSerdes.generic(config, previousSchema, false)
        .deserializer()
        .deserialize(topic.name(), bytes);
  }
}
