package io.camreasoner.aggregator.topology;

import static io.camreasoner.aggregator.testing.TestEvents.endOfStream;
import static io.camreasoner.aggregator.testing.TestEvents.window;
import static io.camreasoner.aggregator.testing.TestEvents.withCues;
import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.aggregator.AggregatorSettings;
import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.aggregator.fold.ShotState;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.aggregator.fold.WindowRecord;
import io.camreasoner.aggregator.testing.PlainAvroSerde;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorTopologyTest {

  private static final String S = "cam-1";

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, MotionEvent> events;
  private TestOutputTopic<ShotKey, ShotTimeline> timelines;
  private TestOutputTopic<byte[], DeadLetter> dlq;
  private AggregatorConfig cfg;

  private void start(AggregatorConfig config) {
    cfg = config;
    driver =
        new TopologyTestDriver(
            AggregatorTopology.build(cfg), AggregatorTopology.streamsProperties(cfg));
    AggregatorSerdes serdes = cfg.serdes();
    events =
        driver.createInputTopic(
            cfg.motionEventsTopic(), new StringSerializer(), serdes.motionEvents().serializer());
    timelines =
        driver.createOutputTopic(
            cfg.shotTimelinesTopic(),
            serdes.shotKeys().deserializer(),
            serdes.shotTimelines().deserializer());
    dlq =
        driver.createOutputTopic(
            cfg.dlqTopic(),
            new ByteArrayDeserializer(),
            PlainAvroSerde.of(DeadLetter.class).deserializer());
  }

  private void start(int minSegmentWindows) {
    start(config(minSegmentWindows, PlainAvroSerde.aggregatorSerdes()));
  }

  /** The production configuration of these options: idle close after 10 s. */
  private AggregatorConfig config(int minSegmentWindows, AggregatorSerdes serdes) {
    return AggregatorSettings.config(
        Map.of(
            AggregatorSettings.BOOTSTRAP.name(),
            "unused:9092",
            AggregatorSettings.STATE_DIR.name(),
            stateDir.toString(),
            AggregatorSettings.MIN_SEGMENT_WINDOWS.name(),
            String.valueOf(minSegmentWindows),
            AggregatorSettings.IDLE_CLOSE.name(),
            "10s"),
        serdes);
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void send(MotionEvent... es) {
    for (MotionEvent e : es) {
      events.pipeInput(e.getStreamId(), e);
    }
  }

  private static List<String> describe(ShotTimeline t) {
    List<String> out = new ArrayList<>();
    for (Segment s : t.getSegments()) {
      out.add(s.getStartFrame() + "-" + s.getEndFrame() + ":" + String.join("+", s.getLabels()));
    }
    return out;
  }

  private Map<ShotKey, ShotTimeline> latest() {
    return timelines.readKeyValuesToMap();
  }

  @Test
  void shouldEmitGrowingOpenTimelineWithMergedSegments() {
    start(1);

    send(
        window(S, 0, 0, 0, 0.9, "pan-left"),
        window(S, 0, 0, 1, 0.8, "pan-left"),
        window(S, 0, 0, 2, 0.7, "static"));

    List<KeyValue<ShotKey, ShotTimeline>> out = timelines.readKeyValuesToList();
    assertThat(out).hasSize(3);
    assertThat(out).allSatisfy(kv -> assertThat(kv.key).isEqualTo(new ShotKey(S, 0, 0L, "")));
    assertThat(describe(out.get(0).value)).containsExactly("0-10:pan-left");
    assertThat(describe(out.get(1).value)).containsExactly("0-20:pan-left");
    ShotTimeline last = out.get(2).value;
    assertThat(describe(last)).containsExactly("0-20:pan-left", "20-30:static");
    assertThat(last.getStatus()).isEqualTo(ShotStatus.OPEN);
    assertThat(last.getSource()).isEqualTo("clips/cam-1.mp4");
    assertThat(last.getSegments().get(0).getConfidence()).isEqualTo(0.85, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void shouldEmitNothingWhenAWindowIsDeliveredAgain() {
    start(1);
    send(window(S, 0, 0, 0, 0.9, "pan-left"), window(S, 0, 0, 1, 0.9, "pan-left"));
    timelines.readKeyValuesToList();

    send(window(S, 0, 0, 1, 0.9, "pan-left"), window(S, 0, 0, 0, 0.2, "zoom-in"));

    assertThat(timelines.isEmpty()).isTrue();
    assertThat(storedWindows(S, 0)).hasSize(2);
  }

  private List<String> storedWindows(String stream, int shot) {
    List<String> keys = new ArrayList<>();
    try (var it =
        driver
            .<String, WindowRecord>getKeyValueStore(AggregatorTopology.WINDOWS_STORE)
            .prefixScan(
                AggregatorTopology.shotWindowsPrefix(new TimelineId(stream, 0, ""), shot),
                new StringSerializer())) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  @Test
  void shouldKeepEveryWindowsCurvePointAcrossShotsWhenEventsCarryCues() {
    start(1);
    send(
        withCues(window(S, 0, 0, 0, 0.9, "pan-left"), -8.0, 0.0, 0.0, 0.0, 0.0, 0.1, "steady"),
        withCues(window(S, 0, 0, 1, 0.9, "pan-left"), -9.5, 0.5, 0.0, 0.0, 0.0, 0.2, "steady"),
        withCues(window(S, 1, 20, 2, 0.9, "zoom-in"), 0.0, 0.0, 0.0, 0.05, null, 0.0, "steady"));

    List<CurvePoint> curve = new ArrayList<>();
    try (var it =
        driver
            .<String, WindowRecord>getKeyValueStore(AggregatorTopology.WINDOWS_STORE)
            .prefixScan(
                AggregatorTopology.timelineKey(new TimelineId(S, 0, "")), new StringSerializer())) {
      it.forEachRemaining(kv -> curve.add(kv.value.curve()));
    }

    // read back from the store's JSON: one point per window, both shots
    assertThat(curve).extracting(CurvePoint::panDegPerSec).containsExactly(-8.0, -9.5, 0.0);
    assertThat(curve).extracting(CurvePoint::startSec).containsExactly(0.0, 0.4, 0.8);
    assertThat(curve.get(2).zoomPerSec()).isEqualTo(1.05);
    assertThat(curve.get(2).translationSpeed()).isNull();
    assertThat(curve.get(1).moverShare()).isEqualTo(0.2);
  }

  @Test
  void shouldStoreEachWindowAsItsOwnRecordSoLongShotsStaySmallPerRecord() {
    start(2);
    for (int i = 0; i < 300; i++) {
      send(window(S, 0, 0, i, 0.9, i % 50 == 25 ? "pan-left" : "static"));
    }

    ShotState meta =
        driver
            .<String, ShotState>getKeyValueStore(AggregatorTopology.SHOTS_STORE)
            .get(AggregatorTopology.shotStoreKey(new TimelineId(S, 0, ""), 0));
    assertThat(meta.windows()).isEmpty();
    List<String> keys = storedWindows(S, 0);
    assertThat(keys).hasSize(300);
    assertThat(keys.get(299))
        .isEqualTo(AggregatorTopology.windowStoreKey(new TimelineId(S, 0, ""), 0, 299));
    ShotTimeline last = latest().get(new ShotKey(S, 0, 0L, ""));
    assertThat(last.getWindowCount()).isEqualTo(300);
    assertThat(describe(last)).containsExactly("0-3000:static");
  }

  @Test
  void shouldOrderOutOfOrderWindowsBySequence() {
    start(1);

    send(
        window(S, 0, 0, 2, 0.9, "static"),
        window(S, 0, 0, 0, 0.9, "static"),
        window(S, 0, 0, 1, 0.9, "pan-right"));

    ShotTimeline t = latest().get(new ShotKey(S, 0, 0L, ""));
    assertThat(describe(t)).containsExactly("0-10:static", "10-20:pan-right", "20-30:static");
    assertThat(t.getLastWindowSeq()).isEqualTo(2);
  }

  @Test
  void shouldAbsorbOneWindowFlickerWhenMinSegmentIsTwo() {
    start(2);

    send(
        window(S, 0, 0, 0, 0.9, "pan-left"),
        window(S, 0, 0, 1, 0.9, "pan-left"),
        window(S, 0, 0, 2, 0.5, "tilt-up"),
        window(S, 0, 0, 3, 0.9, "pan-left"));

    assertThat(describe(latest().get(new ShotKey(S, 0, 0L, "")))).containsExactly("0-40:pan-left");
  }

  @Test
  void shouldCloseShotAtTheNextShotsCutWhenTheNextShotStarts() {
    start(1);
    send(window(S, 0, 0, 0, 0.9, "static"), window(S, 0, 0, 1, 0.9, "static"));
    timelines.readKeyValuesToList();

    send(window(S, 1, 25, 3, 0.9, "zoom-in"));

    Map<ShotKey, ShotTimeline> out = latest();
    ShotTimeline closed = out.get(new ShotKey(S, 0, 0L, ""));
    assertThat(closed.getStatus()).isEqualTo(ShotStatus.CLOSED);
    assertThat(closed.getCloseReason()).isEqualTo("next-shot");
    assertThat(closed.getEndFrame()).isEqualTo(25);
    assertThat(describe(closed)).containsExactly("0-25:static");
    ShotTimeline next = out.get(new ShotKey(S, 1, 0L, ""));
    assertThat(next.getStatus()).isEqualTo(ShotStatus.OPEN);
    assertThat(describe(next)).containsExactly("25-40:zoom-in");
  }

  @Test
  void shouldCloseEveryShotAndMarkTheLastAtEndOfStream() {
    start(1);
    send(
        window(S, 0, 0, 0, 0.9, "static"),
        window(S, 1, 12, 2, 0.9, "pan-left"),
        endOfStream(S, 3, 1, 33, List.of(12L), "decoder gave up"));

    Map<ShotKey, ShotTimeline> out = latest();
    ShotTimeline last = out.get(new ShotKey(S, 1, 0L, ""));
    assertThat(last.getStatus()).isEqualTo(ShotStatus.CLOSED);
    assertThat(last.getCloseReason()).isEqualTo("end-of-stream");
    assertThat(last.getLastShot()).isTrue();
    assertThat(last.getStreamError()).isEqualTo("decoder gave up");
    assertThat(last.getCuts()).containsExactly(12L);
    // a producer that knows only cuts: its cuts are the stream's transitions
    assertThat(last.getTransitions()).containsExactly(new Transition("cut", 12L, 13L));
    assertThat(last.getEndFrame()).isEqualTo(33);
    assertThat(describe(last)).containsExactly("12-33:pan-left");
    ShotTimeline first = out.get(new ShotKey(S, 0, 0L, ""));
    assertThat(first.getCloseReason()).isEqualTo("next-shot");
    assertThat(first.getLastShot()).isFalse();
    StreamState stream =
        driver
            .<String, StreamState>getKeyValueStore(AggregatorTopology.STREAMS_STORE)
            .get(AggregatorTopology.timelineKey(new TimelineId(S, 0, "")));
    assertThat(stream.ended()).isTrue();
    assertThat(stream.openShots()).isEmpty();
    assertThat(stream.shotCount()).isEqualTo(2);
  }

  @Test
  void shouldEndOpenShotsAtTheirCutsAndStartAnEmptyLastShotAtTheLastCut() {
    start(1);

    send(
        window(S, 0, 0, 0, 0.9, "static"),
        window(S, 1, 10, 1, 0.9, "pan-left"),
        endOfStream(S, 2, 2, 64, List.of(10L, 50L), null));

    Map<ShotKey, ShotTimeline> out = latest();
    ShotTimeline middle = out.get(new ShotKey(S, 1, 0L, ""));
    assertThat(middle.getCloseReason()).isEqualTo("end-of-stream");
    assertThat(describe(middle)).containsExactly("10-50:pan-left");
    assertThat(middle.getLastShot()).isFalse();
    ShotTimeline last = out.get(new ShotKey(S, 2, 0L, ""));
    assertThat(last.getLastShot()).isTrue();
    assertThat(last.getStartFrame()).isEqualTo(50);
    assertThat(last.getEndFrame()).isEqualTo(64);
    assertThat(last.getSegments()).isEmpty();
    assertThat(out.get(new ShotKey(S, 0, 0L, "")).getEndFrame()).isEqualTo(10);
  }

  @Test
  void shouldLeaveTheFramesOfDissolvesAndFadesOutOfEveryShot() {
    start(1);
    List<Transition> transitions =
        List.of(new Transition("dissolve", 20L, 30L), new Transition("fade-out", 50L, 64L));

    send(
        window(S, 0, 0, 0, 0.9, "static"),
        window(S, 0, 0, 1, 0.9, "static"),
        afterTransition(window(S, 1, 30, 3, 0.9, "pan-left"), 20));
    ShotTimeline closed = latest().get(new ShotKey(S, 0, 0L, ""));
    assertThat(closed.getCloseReason()).isEqualTo("next-shot");
    assertThat(closed.getEndFrame()).isEqualTo(20);
    assertThat(describe(closed)).containsExactly("0-20:static");

    send(
        window(S, 1, 30, 4, 0.9, "pan-left"),
        MotionEvent.newBuilder(endOfStream(S, 5, 1, 64, List.of(), null))
            .setTransitions(transitions)
            .setShotStartFrame(30)
            .setPreviousShotEndFrame(20)
            .build());

    ShotTimeline last = latest().get(new ShotKey(S, 1, 0L, ""));
    assertThat(last.getLastShot()).isTrue();
    assertThat(last.getStartFrame()).isEqualTo(30);
    assertThat(last.getEndFrame()).isEqualTo(50); // the fade-out's frames belong to no shot
    assertThat(describe(last)).containsExactly("30-50:pan-left");
    assertThat(last.getCuts()).isEmpty();
    assertThat(last.getTransitions()).isEqualTo(transitions);
  }

  @Test
  void shouldEndOpenShotsWhereTheirTransitionsStartAtEndOfStream() {
    start(1);

    send(
        window(S, 0, 0, 0, 0.9, "static"),
        afterTransition(window(S, 1, 30, 3, 0.9, "pan-left"), 20),
        MotionEvent.newBuilder(endOfStream(S, 6, 2, 80, List.of(60L), null))
            .setTransitions(
                List.of(new Transition("dissolve", 20L, 30L), new Transition("cut", 60L, 61L)))
            .build());

    Map<ShotKey, ShotTimeline> out = latest();
    assertThat(out.get(new ShotKey(S, 0, 0L, "")).getEndFrame()).isEqualTo(20);
    assertThat(describe(out.get(new ShotKey(S, 1, 0L, "")))).containsExactly("30-60:pan-left");
    ShotTimeline last = out.get(new ShotKey(S, 2, 0L, ""));
    assertThat(last.getStartFrame()).isEqualTo(60);
    assertThat(last.getEndFrame()).isEqualTo(80);
  }

  /** A window event of a shot whose predecessor ended (exclusive) at {@code previousEnd}. */
  private static MotionEvent afterTransition(MotionEvent e, long previousEnd) {
    return MotionEvent.newBuilder(e).setPreviousShotEndFrame(previousEnd).build();
  }

  @Test
  void shouldEmitAnEmptyClosedLastShotWhenTheStreamEndsBeforeAnyWindow() {
    start(1);

    send(endOfStream("broken", 0, 0, 0, List.of(), "not a decodable video"));

    ShotTimeline t = latest().get(new ShotKey("broken", 0, 0L, ""));
    assertThat(t.getStatus()).isEqualTo(ShotStatus.CLOSED);
    assertThat(t.getLastShot()).isTrue();
    assertThat(t.getStreamError()).isEqualTo("not a decodable video");
    assertThat(t.getSegments()).isEmpty();
  }

  @Test
  void shouldCloseIdleShotsOnWallClockPunctuationOnlyAfterTheIdleTime() {
    start(1);
    send(window(S, 0, 0, 0, 0.9, "static"));
    timelines.readKeyValuesToList();

    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(timelines.isEmpty()).isTrue();

    driver.advanceWallClockTime(Duration.ofSeconds(6));
    ShotTimeline t = timelines.readValue();
    assertThat(t.getStatus()).isEqualTo(ShotStatus.CLOSED);
    assertThat(t.getCloseReason()).isEqualTo("idle");
    assertThat(timelines.isEmpty()).isTrue();

    driver.advanceWallClockTime(Duration.ofSeconds(20));
    assertThat(timelines.isEmpty()).isTrue();
  }

  @Test
  void shouldReopenIdleClosedShotWhenItsStreamResumes() {
    start(1);
    send(window(S, 0, 0, 0, 0.9, "static"));
    driver.advanceWallClockTime(Duration.ofSeconds(11));
    timelines.readKeyValuesToList();

    send(window(S, 0, 0, 1, 0.9, "static"));

    ShotTimeline t = timelines.readValue();
    assertThat(t.getStatus()).isEqualTo(ShotStatus.OPEN);
    assertThat(t.getCloseReason()).isNull();
    assertThat(describe(t)).containsExactly("0-20:static");
    send(endOfStream(S, 2, 0, 20, List.of(), null));
    assertThat(timelines.readValue().getCloseReason()).isEqualTo("end-of-stream");
  }

  @Test
  void shouldUpgradeIdleClosedShotToNextShotWhenTheNextShotStarts() {
    start(1);
    send(window(S, 0, 0, 0, 0.9, "static"));
    driver.advanceWallClockTime(Duration.ofSeconds(11));
    assertThat(latest().get(new ShotKey(S, 0, 0L, "")).getCloseReason()).isEqualTo("idle");

    send(window(S, 1, 17, 2, 0.9, "pan-left"));

    Map<ShotKey, ShotTimeline> out = latest();
    ShotTimeline previous = out.get(new ShotKey(S, 0, 0L, ""));
    assertThat(previous.getCloseReason()).isEqualTo("next-shot");
    assertThat(previous.getEndFrame()).isEqualTo(17);
    assertThat(out.get(new ShotKey(S, 1, 0L, "")).getStatus()).isEqualTo(ShotStatus.OPEN);
  }

  @Test
  void shouldReemitCorrectedClosedTimelineWhenALateWindowOfAClosedShotArrives() {
    start(1);
    send(
        window(S, 0, 0, 0, 0.9, "static"),
        window(S, 0, 0, 2, 0.9, "static"),
        window(S, 1, 30, 3, 0.9, "pan-left"));
    timelines.readKeyValuesToList();

    send(window(S, 0, 0, 1, 0.9, "zoom-in"));

    List<KeyValue<ShotKey, ShotTimeline>> out = timelines.readKeyValuesToList();
    assertThat(out).hasSize(1);
    ShotTimeline corrected = out.get(0).value;
    assertThat(out.get(0).key).isEqualTo(new ShotKey(S, 0, 0L, ""));
    assertThat(corrected.getStatus()).isEqualTo(ShotStatus.CLOSED);
    assertThat(corrected.getCloseReason()).isEqualTo("next-shot");
    assertThat(describe(corrected)).containsExactly("0-10:static", "10-20:zoom-in", "20-30:static");
    assertThat(
            driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("late-windows-total"))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum())
        .isEqualTo(1.0);
  }

  @Test
  void shouldLeaveTheSameFinalTimelinesWhenAnArchiveIsReprocessed() {
    start(2);
    List<MotionEvent> archive =
        List.of(
            window(S, 0, 0, 0, 0.9, "static"),
            window(S, 0, 0, 1, 0.4, "pan-left"),
            window(S, 0, 0, 2, 0.9, "static"),
            window(S, 1, 30, 3, 0.9, "zoom-in"),
            window(S, 1, 30, 4, 0.8, "zoom-in"),
            endOfStream(S, 5, 1, 50, List.of(30L), null));
    archive.forEach(this::send);
    Map<ShotKey, ShotTimeline> first = withoutTimes(latest());

    archive.forEach(this::send);

    assertThat(timelines.isEmpty()).isTrue();
    assertThat(first).hasSize(2);
    assertThat(describe(first.get(new ShotKey(S, 0, 0L, "")))).containsExactly("0-30:static");
    assertThat(describe(first.get(new ShotKey(S, 1, 0L, "")))).containsExactly("30-50:zoom-in");
  }

  private static Map<ShotKey, ShotTimeline> withoutTimes(Map<ShotKey, ShotTimeline> in) {
    in.values().forEach(t -> t.setUpdatedAtMs(0));
    return in;
  }

  @Test
  void shouldSkipUnreadableRecordAndKeepProcessing() {
    // TopologyTestDriver does not capture dead letters produced from the deserialization path;
    // their content is checked in DeadLetterHandlersTest and on a real broker in AggregatorIT.
    start(1);
    TestInputTopic<String, byte[]> raw =
        driver.createInputTopic(
            cfg.motionEventsTopic(), new StringSerializer(), new ByteArraySerializer());

    raw.pipeInput(S, new byte[] {1, 2, 3});
    send(window(S, 0, 0, 1, 0.9, "static"));

    assertThat(latest().get(new ShotKey(S, 0, 0L, "")).getWindowCount()).isEqualTo(1);
  }

  @Test
  void shouldSendTimelineThatCannotBeWrittenToTheDlqAndKeepProcessing() {
    AggregatorSerdes plain = PlainAvroSerde.aggregatorSerdes();
    Serializer<ShotTimeline> ok = plain.shotTimelines().serializer();
    Serde<ShotTimeline> failing =
        Serdes.serdeFrom(
            (topic, t) -> {
              if (t.getStreamId().equals("poison")) {
                throw new org.apache.kafka.common.errors.SerializationException(
                    "registry refused the schema");
              }
              return ok.serialize(topic, t);
            },
            plain.shotTimelines().deserializer());
    start(
        config(
            1,
            new AggregatorSerdes(
                plain.motionEvents(), plain.shotKeys(), failing, plain.deadLetters())));

    send(window("poison", 0, 0, 0, 0.9, "static"), window(S, 0, 0, 0, 0.9, "static"));

    DeadLetter letter = dlq.readValue();
    assertThat(letter.getStage()).isEqualTo("aggregator.serialize-value");
    assertThat(letter.getReason()).contains("registry refused the schema");
    assertThat(letter.getOriginOffset()).isZero();
    assertThat(latest()).containsOnlyKeys(new ShotKey(S, 0, 0L, ""));
  }

  @Test
  void shouldKeepEachSessionAndProducerAsItsOwnTimelineWhenAStreamRestartsOrIsReprocessed() {
    start(1);
    MotionEvent first = window(S, 0, 0, 0, 0.9, "pan-left");
    MotionEvent restarted = window(S, 0, 0, 0, 0.9, "static");
    restarted.setSession(1_700_000_000_000L);
    MotionEvent otherModel = window(S, 0, 0, 0, 0.8, "zoom-in");
    otherModel.setProducer("model@motion-mlp#1234abcd");

    send(first, restarted, otherModel);
    // the same window of the same producer again changes nothing
    send(window(S, 0, 0, 0, 0.9, "pan-left"));

    Map<ShotKey, ShotTimeline> out = latest();
    assertThat(out)
        .containsOnlyKeys(
            new ShotKey(S, 0, 0L, ""),
            new ShotKey(S, 0, 1_700_000_000_000L, ""),
            new ShotKey(S, 0, 0L, "model@motion-mlp#1234abcd"));
    assertThat(describe(out.get(new ShotKey(S, 0, 0L, "")))).containsExactly("0-10:pan-left");
    ShotTimeline second = out.get(new ShotKey(S, 0, 1_700_000_000_000L, ""));
    assertThat(describe(second)).containsExactly("0-10:static");
    assertThat(second.getSession()).isEqualTo(1_700_000_000_000L);
    ShotTimeline model = out.get(new ShotKey(S, 0, 0L, "model@motion-mlp#1234abcd"));
    assertThat(describe(model)).containsExactly("0-10:zoom-in");
    assertThat(model.getProducer()).isEqualTo("model@motion-mlp#1234abcd");
  }
}
