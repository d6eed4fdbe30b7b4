package io.camreasoner.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.schemas.SampleRecords;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
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

  private <V extends SpecificRecord> V roundTrip(Topic<?, V> topic, V value) {
    Serde<V> serde = topic.valueSerde(config);
    byte[] bytes = serde.serializer().serialize(topic.name(), value);
    return serde.deserializer().deserialize(topic.name(), bytes);
  }

  @Test
  void shouldRoundTripEveryRecordTypeWhenWrittenWithItsTopicSerde() {
    assertThat(roundTrip(Topics.FRAME_WINDOWS, SampleRecords.frameWindow()))
        .isEqualTo(SampleRecords.frameWindow());
    assertThat(roundTrip(Topics.MOTION_EVENTS, SampleRecords.motionEvent()))
        .isEqualTo(SampleRecords.motionEvent());
    assertThat(roundTrip(Topics.SHOT_TIMELINES, SampleRecords.shotTimeline()))
        .isEqualTo(SampleRecords.shotTimeline());
    assertThat(roundTrip(Topics.DLQ, SampleRecords.deadLetter()))
        .isEqualTo(SampleRecords.deadLetter());
    Serde<io.camreasoner.schemas.avro.ShotKey> keySerde = Topics.SHOT_TIMELINES.keySerde(config);
    byte[] key = keySerde.serializer().serialize("t", SampleRecords.shotKey());
    assertThat(keySerde.deserializer().deserialize("t", key)).isEqualTo(SampleRecords.shotKey());
    assertThat(client.subjects())
        .contains(
            "camreasoner.frame-windows-value",
            "camreasoner.motion-events-value",
            "camreasoner.shot-timelines-value",
            "camreasoner.dlq-value",
            "t-key");
  }

  @Test
  void shouldWriteMagicByteAndBigEndianSchemaIdWhenSerializing() {
    MotionEvent event = SampleRecords.motionEvent();
    byte[] bytes = Topics.MOTION_EVENTS.valueSerde(config).serializer().serialize("events", event);
    int id = client.latest("events-value").id();
    assertThat(id).isPositive();
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(new byte[] {bytes[1], bytes[2], bytes[3], bytes[4]})
        .containsExactly((byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void shouldReadGenericRecordsWrittenAsSpecificWhenNoReaderSchemaIsGiven() {
    byte[] bytes =
        Topics.FRAME_WINDOWS
            .valueSerde(config)
            .serializer()
            .serialize("windows", SampleRecords.frameWindow());
    Serde<GenericRecord> generic = AvroSerdes.generic(config, null, false);
    GenericRecord read = generic.deserializer().deserialize("windows", bytes);
    assertThat(read.get("streamId").toString()).isEqualTo("clip-a");
    assertThat(read.get("windowSeq")).isEqualTo(7L);
    // and a GenericRecord is written under the same subject with the same id
    byte[] again = generic.serializer().serialize("windows", read);
    assertThat(ByteBuffer.wrap(again, 1, 4).getInt())
        .isEqualTo(ByteBuffer.wrap(bytes, 1, 4).getInt());
    FrameWindow back =
        Topics.FRAME_WINDOWS.valueSerde(config).deserializer().deserialize("windows", again);
    assertThat(back).isEqualTo(SampleRecords.frameWindow());
  }

  @Test
  void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
    AvroSerdeConfig noAuto = config.withAutoRegister(false);
    MotionEvent event = SampleRecords.motionEvent();
    assertThatThrownBy(
            () -> Topics.MOTION_EVENTS.valueSerde(noAuto).serializer().serialize("strict", event))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("strict-value")
        .hasMessageContaining("not found");
    int id = client.register("strict-value", MotionEvent.getClassSchema());
    byte[] bytes = Topics.MOTION_EVENTS.valueSerde(noAuto).serializer().serialize("strict", event);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void shouldFailClearlyWhenBytesAreNotWireFormat() {
    var deserializer = Topics.MOTION_EVENTS.valueSerde(config).deserializer();
    assertThatThrownBy(() -> deserializer.deserialize("events", new byte[] {1, 0, 0, 0, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0")
        .hasMessageContaining("events");
    assertThatThrownBy(() -> deserializer.deserialize("events", new byte[] {0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("5-byte");
    assertThatThrownBy(() -> deserializer.deserialize("events", new byte[] {0, 0, 0, 0x7f, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 32513");
  }

  @Test
  void shouldConfigureFromConfluentPropertyNamesWhenBuiltReflectively() {
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
    AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>();
    deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
    GenericRecord key =
        new GenericData.Record(io.camreasoner.schemas.avro.ShotKey.getClassSchema());
    key.put("streamId", "s");
    key.put("shotIndex", 3);
    key.put("session", 0L);
    key.put("producer", "");
    GenericRecord read = deserializer.deserialize("k", serializer.serialize("k", key));
    assertThat(read.get("shotIndex")).isEqualTo(3);
    assertThatThrownBy(() -> AvroSerdeConfig.fromMap(Map.of()))
        .hasMessageContaining("schema.registry.url");
  }
}
