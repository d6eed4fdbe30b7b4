package io.camreasoner.aggregator;

import static io.camreasoner.aggregator.testing.TestEvents.endOfStream;
import static io.camreasoner.aggregator.testing.TestEvents.window;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.aggregator.testing.PlainAvroSerde;
import io.camreasoner.aggregator.testing.TopicWatcher;
import io.camreasoner.aggregator.topology.AggregatorConfig;
import io.camreasoner.platform.kafka.EmbeddedKafkaBroker;
import io.camreasoner.schemas.DeadLetterHeaders;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator on a real (child-JVM KRaft) broker: exactly-once folding into shot timelines with
 * the DLQ, state restored from the changelog after a restart with an empty state directory, and
 * interactive queries answered by either of two instances (forwarded to the owner).
 */
class AggregatorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedKafkaBroker broker;

  @TempDir static Path brokerDir;
  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AggregatorService> services = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafkaBroker.builder().dataDir(brokerDir.resolve("kafka")).build().start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @org.junit.jupiter.api.AfterEach
  void stopServices() {
    services.forEach(AggregatorService::close);
  }

  /** A config with this test's own topics and application id. */
  private AggregatorConfig config(String test, int partitions) throws Exception {
    String prefix = test + "-" + UUID.randomUUID().toString().substring(0, 6);
    AggregatorConfig cfg =
        AggregatorSettings.config(
            Map.of(
                AggregatorSettings.BOOTSTRAP.name(),
                broker.bootstrapServers(),
                AggregatorSettings.APPLICATION_ID.name(),
                prefix + "-app",
                AggregatorSettings.MOTION_EVENTS.name(),
                prefix + ".motion-events",
                AggregatorSettings.SHOT_TIMELINES.name(),
                prefix + ".shot-timelines",
                AggregatorSettings.DLQ.name(),
                prefix + ".dlq",
                AggregatorSettings.IDLE_CLOSE.name(),
                "5m",
                AggregatorSettings.STATE_DIR.name(),
                tmp.toString(),
                AggregatorSettings.HTTP_PORT.name(),
                "0"),
            PlainAvroSerde.aggregatorSerdes());
    // the service creates the (compacted) output topic and the DLQ itself
    try (var admin = broker.admin()) {
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(
                      cfg.motionEventsTopic(), partitions, (short) 1)))
          .all()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    return cfg;
  }

  private AggregatorService start(AggregatorConfig cfg, String instance) {
    AggregatorService s = new AggregatorService(cfg.withInstance(tmp.resolve(instance), instance));
    services.add(s);
    s.start();
    Awaitility.await(instance + " running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> s.streams().state() == KafkaStreams.State.RUNNING);
    return s;
  }

  private void produce(AggregatorConfig cfg, MotionEvent... events) {
    try (KafkaProducer<String, MotionEvent> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            cfg.serdes().motionEvents().serializer())) {
      for (MotionEvent e : events) {
        p.send(new ProducerRecord<>(cfg.motionEventsTopic(), e.getStreamId(), e));
      }
      p.flush();
    }
  }

  private TopicWatcher<ShotKey, ShotTimeline> timelines(AggregatorConfig cfg) {
    return new TopicWatcher<>(
        broker.bootstrapServers(),
        cfg.shotTimelinesTopic(),
        cfg.serdes().shotKeys().deserializer(),
        cfg.serdes().shotTimelines().deserializer());
  }

  private static List<String> describe(ShotTimeline t) {
    List<String> out = new ArrayList<>();
    for (Segment s : t.getSegments()) {
      out.add(s.getStartFrame() + "-" + s.getEndFrame() + ":" + String.join("+", s.getLabels()));
    }
    return out;
  }

  private static boolean closed(ShotTimeline t) {
    return t != null && t.getStatus() == ShotStatus.CLOSED;
  }

  private JsonNode getJson(int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void shouldFoldEventsIntoClosedTimelinesAndDeadLetterUnreadableRecords() throws Exception {
    AggregatorConfig cfg = config("fold", 1);
    AggregatorService service = start(cfg, "a");
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(cfg.motionEventsTopic(), "cam-1", new byte[] {1, 2, 3}));
      raw.flush();
    }
    produce(
        cfg,
        window("cam-1", 0, 0, 0, 0.9, "pan-left"),
        window("cam-1", 0, 0, 1, 0.9, "pan-left"),
        window("cam-1", 0, 0, 2, 0.4, "static"),
        window("cam-1", 0, 0, 3, 0.9, "pan-left"),
        window("cam-1", 1, 40, 4, 0.8, "zoom-in"),
        window("cam-1", 1, 40, 5, 0.8, "zoom-in"),
        window("cam-1", 1, 40, 4, 0.8, "zoom-in"),
        endOfStream("cam-1", 6, 1, 60, List.of(40L), null));

    try (TopicWatcher<ShotKey, ShotTimeline> out = timelines(cfg)) {
      Map<ShotKey, ShotTimeline> latest =
          out.awaitLatest(
              m ->
                  closed(m.get(new ShotKey("cam-1", 0, 0L, "")))
                      && closed(m.get(new ShotKey("cam-1", 1, 0L, ""))),
              Duration.ofSeconds(60));
      ShotTimeline first = latest.get(new ShotKey("cam-1", 0, 0L, ""));
      assertThat(describe(first)).containsExactly("0-40:pan-left");
      assertThat(first.getCloseReason()).isEqualTo("next-shot");
      ShotTimeline last = latest.get(new ShotKey("cam-1", 1, 0L, ""));
      assertThat(describe(last)).containsExactly("40-60:zoom-in");
      assertThat(last.getLastShot()).isTrue();
      assertThat(last.getWindowCount()).isEqualTo(2);
    }
    try (TopicWatcher<byte[], DeadLetter> dlq =
        new TopicWatcher<>(
            broker.bootstrapServers(),
            cfg.dlqTopic(),
            new ByteArrayDeserializer(),
            PlainAvroSerde.of(DeadLetter.class).deserializer())) {
      dlq.awaitLatest(m -> !m.isEmpty(), Duration.ofSeconds(30));
      DeadLetter letter = dlq.records().get(0).value();
      assertThat(letter.getOriginTopic()).isEqualTo(cfg.motionEventsTopic());
      assertThat(letter.getOriginOffset()).isZero();
      assertThat(letter.getStage()).isEqualTo("aggregator.deserialize");
      assertThat(DeadLetterHeaders.read(dlq.records().get(0).headers()))
          .isEqualTo(
              new DeadLetterHeaders(
                  cfg.motionEventsTopic(), 0, 0L, letter.getReason(), "aggregator.deserialize"));
    }
    JsonNode stream = getJson(service.httpPort(), "/api/streams/cam-1");
    assertThat(stream.get("shots")).hasSize(2);
    assertThat(stream.get("shots").get(1).get("closeReason").asText()).isEqualTo("end-of-stream");
    assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    try (var admin = broker.admin()) {
      ConfigResource topic =
          new ConfigResource(ConfigResource.Type.TOPIC, cfg.shotTimelinesTopic());
      String policy =
          admin
              .describeConfigs(List.of(topic))
              .all()
              .get(30, java.util.concurrent.TimeUnit.SECONDS)
              .get(topic)
              .get("cleanup.policy")
              .value();
      assertThat(policy).isEqualTo("compact");
    }
  }

  @Test
  void shouldRestoreShotStateFromTheChangelogAfterARestartWithAnEmptyStateDirectory()
      throws Exception {
    AggregatorConfig cfg = config("restore", 1);
    AggregatorService first = start(cfg, "before");
    produce(
        cfg,
        window("cam-r", 0, 0, 0, 0.9, "tilt-up"),
        window("cam-r", 0, 0, 1, 0.9, "tilt-up"),
        window("cam-r", 0, 0, 2, 0.9, "static"));
    try (TopicWatcher<ShotKey, ShotTimeline> out = timelines(cfg)) {
      out.awaitLatest(
          m -> {
            ShotTimeline t = m.get(new ShotKey("cam-r", 0, 0L, ""));
            return t != null && t.getWindowCount() == 3;
          },
          Duration.ofSeconds(60));
    }
    first.close();
    services.remove(first);

    start(cfg, "after"); // a fresh state directory: everything must come from the changelog
    produce(cfg, window("cam-r", 0, 0, 3, 0.9, "static"), window("cam-r", 0, 0, 1, 0.1, "zoom-in"));

    try (TopicWatcher<ShotKey, ShotTimeline> out = timelines(cfg)) {
      Map<ShotKey, ShotTimeline> latest =
          out.awaitLatest(
              m -> {
                ShotTimeline t = m.get(new ShotKey("cam-r", 0, 0L, ""));
                return t != null && t.getWindowCount() == 4;
              },
              Duration.ofSeconds(60));
      assertThat(describe(latest.get(new ShotKey("cam-r", 0, 0L, ""))))
          .containsExactly("0-20:tilt-up", "20-40:static");
      long fourWindowUpdates =
          out.records().stream().filter(r -> r.value().getWindowCount() == 4).count();
      assertThat(fourWindowUpdates).isEqualTo(1);
    }
  }

  @Test
  void shouldAnswerQueriesOnEitherInstanceWhenTwoInstancesShareTheStreams() throws Exception {
    AggregatorConfig cfg = config("two", 4);
    AggregatorService a = start(cfg, "one");
    AggregatorService b = start(cfg, "two");
    Awaitility.await("both instances running after the rebalance")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                a.streams().state() == KafkaStreams.State.RUNNING
                    && b.streams().state() == KafkaStreams.State.RUNNING
                    && a.streams().metadataForLocalThreads().stream()
                        .allMatch(t -> !t.activeTasks().isEmpty())
                    && b.streams().metadataForLocalThreads().stream()
                        .allMatch(t -> !t.activeTasks().isEmpty()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add("cam-" + i);
      produce(cfg, window("cam-" + i, 0, 0, 0, 0.9, i % 2 == 0 ? "pan-left" : "zoom-out"));
    }
    try (TopicWatcher<ShotKey, ShotTimeline> out = timelines(cfg)) {
      out.awaitLatest(m -> m.size() == 8, Duration.ofSeconds(60));
    }

    Set<String> servedBy = new HashSet<>();
    for (AggregatorService s : List.of(a, b)) {
      Awaitility.await("all streams listed by " + s.httpPort())
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> getJson(s.httpPort(), "/api/streams").size() == 8);
      for (int i = 0; i < 8; i++) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + s.httpPort()
                                + "/api/streams/cam-"
                                + i
                                + "/shots/0"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode shot = JSON.readTree(r.body());
        assertThat(shot.get("streamId").asText()).isEqualTo("cam-" + i);
        assertThat(shot.get("segments").get(0).get("labels").get(0).asText())
            .isEqualTo(i % 2 == 0 ? "pan-left" : "zoom-out");
        r.headers().firstValue("X-Served-By").ifPresent(h -> servedBy.add(s.httpPort() + "->" + h));
      }
    }
    assertThat(servedBy)
        .as("each instance forwarded some queries to the other")
        .anyMatch(h -> h.startsWith(a.httpPort() + "->"))
        .anyMatch(h -> h.startsWith(b.httpPort() + "->"));
  }
}
