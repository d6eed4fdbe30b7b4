package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.IngestService;
import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.publish.KafkaWindowSink;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.testing.ChildJvm;
import io.camreasoner.platform.testing.SharedKafka;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.SceneKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker process as deployed: {@code camreasoner worker --option=value...} in its own JVM over
 * windows a real ingest published, its ops endpoints answering, stopped with SIGTERM through its
 * service runner's shutdown hook.
 */
class WorkerCommandIT {
  private static final Pattern METRICS_URL = Pattern.compile("metrics=(http://\\S+)/metrics");

  @TempDir Path dir;

  @Test
  void shouldProcessWindowsServeHealthAndStopCleanlyWhenSentSigterm() throws Exception {
    String run = UUID.randomUUID().toString();
    Topic<String, FrameWindow> frames = Topics.FRAME_WINDOWS.withName("wc-frames-" + run);
    String events = "wc-events-" + run;
    String bootstrap = SharedKafka.broker().bootstrapServers();
    Path clip = dir.resolve("pan.mp4");
    ClipWriter.write(
        clip,
        ClipSpec.of(
            SceneKind.LAYERED_3D,
            CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 8),
            320,
            180,
            25,
            75,
            3),
        5);
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.builder().inMemory().build().start()) {
      AvroSerdeConfig serdes = AvroSerdeConfig.of(RestSchemaRegistryClient.forUrl(registry.url()));
      KafkaTopics.ensure(bootstrap, Map.of(), List.of(frames));
      IngestResult ingested;
      try (KafkaWindowSink sink = new KafkaWindowSink(bootstrap, frames, serdes, Map.of());
          IngestService ingest =
              new IngestService(
                  StreamIngestor.Settings.defaults(), sink, IngestMetrics.inMemory(), 1)) {
        ingested = ingest.ingestAll(Sources.expand(List.of(clip.toString()), null), r -> {}).get(0);
      }
      assertThat(ingested.ok()).as(ingested.error()).isTrue();
      assertThat(ingested.windows()).isPositive();

      Process worker =
          ChildJvm.start(
              dir,
              "worker.log",
              List.of(),
              CamReasonerCli.class.getName(),
              "worker",
              "--" + ClusterSettings.BOOTSTRAP.name() + "=" + bootstrap,
              "--schema.registry.url=" + registry.url(),
              "--topics.frame-windows=" + frames.name(),
              "--topics.motion-events=" + events,
              "--topics.dlq=wc-dlq-" + run,
              "--worker.threads=1",
              "--ops.port=0",
              "--kafka.client.session.timeout.ms=10000");
      try {
        // one event per window, then the end-of-stream marker passed through
        List<MotionEvent> all = readEvents(bootstrap, events, serdes, ingested.windows() + 1);
        assertThat(all).hasSize((int) ingested.windows() + 1);
        assertThat(all.get(all.size() - 1).getEndOfStream()).isTrue();
        List<MotionEvent> motion = all.subList(0, all.size() - 1);
        assertThat(motion)
            .allSatisfy(e -> assertThat(e.getStreamId()).isEqualTo(ingested.streamId()));
        assertThat(motion.get(0).getLabels()).contains("pan-right");

        String base =
            Awaitility.await("ops endpoints announced")
                .atMost(Duration.ofSeconds(30))
                .until(() -> metricsUrl(dir.resolve("worker.log")), url -> url != null);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = get(http, base + "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"worker\":\"UP\"");
        assertThat(get(http, base + "/metrics").body())
            .contains(
                "camreasoner_worker_windows_total{backend=\"geometry\",outcome=\"event\"} "
                    + (double) ingested.windows())
            .contains("jvm_memory_used_bytes");
      } finally {
        worker.destroy(); // SIGTERM: the runner's shutdown hook closes the worker
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker exited").isTrue();
      }
      String log = Files.readString(dir.resolve("worker.log"));
      assertThat(log).contains("worker 0 finished its open work and committed");
      assertThat(log).contains("worker: inference worker stopped");
      assertThat(log).contains("worker: ops endpoints stopped");
      assertThat(worker.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the hook completed
    }
  }

  @Test
  void shouldExitWithUsageErrorNamingTheOptionWhenAnOptionIsBad() {
    StringWriter bad = new StringWriter();
    assertThat(worker(bad, "--worker.threads=lots", "--vlm.url=ftp://x")).isEqualTo(2);
    assertThat(bad.toString())
        .contains("worker.threads='lots' is not a valid int")
        .contains("vlm.url='ftp://x' must be an http(s) URL");
    StringWriter unknown = new StringWriter();
    assertThat(worker(unknown, "--worker.treads=2")).isEqualTo(2);
    assertThat(unknown.toString()).contains("unknown option or argument '--worker.treads=2'");
  }

  private static int worker(StringWriter err, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "worker";
    System.arraycopy(options, 0, args, 1, options.length);
    return CamReasonerCli.execute(
        new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
  }

  private static String metricsUrl(Path log) throws Exception {
    Matcher m = METRICS_URL.matcher(Files.readString(log));
    return m.find() ? m.group(1) : null;
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<MotionEvent> readEvents(
      String bootstrap, String topic, AvroSerdeConfig serdes, long count) {
    List<MotionEvent> out = new ArrayList<>();
    try (KafkaConsumer<String, MotionEvent> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "wc-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            Topics.MOTION_EVENTS.valueSerde(serdes).deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, MotionEvent> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
