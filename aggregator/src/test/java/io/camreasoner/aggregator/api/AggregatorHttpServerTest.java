package io.camreasoner.aggregator.api;

import static io.camreasoner.aggregator.testing.TestEvents.window;
import static io.camreasoner.aggregator.testing.TestEvents.withCues;
import static io.camreasoner.aggregator.testing.TestEvents.withThumbnail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.aggregator.testing.InMemoryDirectory;
import io.camreasoner.aggregator.testing.TestEvents;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AggregatorHttpServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final InMemoryDirectory local = new InMemoryDirectory();
  private final InMemoryDirectory remote = new InMemoryDirectory();
  private final TimelineFeed feed = new TimelineFeed();
  private AggregatorHttpServer server;
  private AggregatorHttpServer remoteServer;

  @BeforeEach
  void start() {
    remoteServer = AggregatorHttpServer.start(remote, new TimelineFeed(), "127.0.0.1", 0);
    server = AggregatorHttpServer.start(local, feed, "127.0.0.1", 0);
    local.fold(window("cam-1", 0, 0, 0, 0.9, "pan-left"));
    local.fold(window("cam-1", 0, 0, 1, 0.8, "static"));
    local.fold(window("cam-1", 1, 20, 2, 0.7, "zoom-in"));
    remote.fold(window("cam-2", 0, 0, 0, 0.9, "tilt-up"));
    local.ownedElsewhere("cam-2", "127.0.0.1:" + remoteServer.port());
  }

  @AfterEach
  void stop() {
    server.close();
    remoteServer.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldListStreamsOfEveryInstance() throws Exception {
    HttpResponse<String> r = get("/api/streams");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode list = JSON.readTree(r.body());
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("streamId").asText()).isEqualTo("cam-1");
    assertThat(list.get(0).get("shots").asInt()).isEqualTo(2);
    assertThat(list.get(1).get("streamId").asText()).isEqualTo("cam-2");
  }

  @Test
  void shouldServeAllShotsOfALocalStream() throws Exception {
    JsonNode body = JSON.readTree(get("/api/streams/cam-1").body());

    JsonNode shots = body.get("shots");
    assertThat(shots).hasSize(2);
    JsonNode first = shots.get(0);
    assertThat(first.get("index").asInt()).isZero();
    assertThat(first.get("status").asText()).isEqualTo("closed");
    assertThat(first.get("closeReason").asText()).isEqualTo("next-shot");
    assertThat(first.get("endFrame").asLong()).isEqualTo(20);
    assertThat(shots.get(1).get("status").asText()).isEqualTo("open");
    assertThat(first.get("segments")).hasSize(2);
    JsonNode seg = first.get("segments").get(0);
    assertThat(seg.get("labels").get(0).asText()).isEqualTo("pan-left");
    assertThat(seg.get("startFrame").asLong()).isZero();
    assertThat(seg.get("endFrame").asLong()).isEqualTo(10);
    assertThat(seg.get("endSec").asDouble()).isEqualTo(0.4);
    assertThat(seg.get("confidence").asDouble()).isEqualTo(0.9);
    assertThat(seg.get("observation").asText()).isEqualTo("window 0 observed pan-left");
  }

  @Test
  void shouldServeAStreamsMotionCurvesWhenItsWindowsCarryCues() throws Exception {
    local.fold(
        withCues(window("cam-3", 0, 0, 0, 0.9, "pan-right"), 10.0, 1.0, 0.0, 0.0, 0.0, 0.3, null));
    local.fold(
        withCues(window("cam-3", 0, 0, 1, 0.9, "pan-right"), 12.0, 1.5, 0.0, 0.0, 0.0, 0.2, null));
    local.fold(
        withCues(
            window("cam-3", 1, 20, 2, 0.9, "zoom-in"), null, null, null, 0.1, null, null, null));

    HttpResponse<String> r = get("/api/streams/cam-3/curves");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode timelines = JSON.readTree(r.body()).get("timelines");
    assertThat(timelines).hasSize(1);
    JsonNode curves = timelines.get(0).get("curves");
    assertThat(curves).hasSize(3);
    assertThat(curves.get(0).get("startSec").asDouble()).isEqualTo(0.0);
    assertThat(curves.get(0).get("endSec").asDouble()).isEqualTo(0.4);
    assertThat(curves.get(1).get("panDegPerSec").asDouble()).isEqualTo(12.0);
    assertThat(curves.get(1).get("tiltDegPerSec").asDouble()).isEqualTo(1.5);
    assertThat(curves.get(1).get("moverShare").asDouble()).isEqualTo(0.2);
    assertThat(curves.get(2).get("zoomPerSec").asDouble()).isEqualTo(1.1);
    assertThat(curves.get(2).has("panDegPerSec")).isFalse();
    assertThat(get("/api/streams/nope/curves").statusCode()).isEqualTo(404);
    assertThat(get("/api/streams/cam-3/curves?session=x").statusCode()).isEqualTo(400);
    // forwarded to the owning instance like the stream itself
    assertThat(JSON.readTree(get("/api/streams/cam-2/curves").body()).at("/timelines/0/curves"))
        .hasSize(1);
  }

  @Test
  void shouldServeAShotsThumbnailWhenItsFirstWindowCarriedOne() throws Exception {
    byte[] jpeg = TestEvents.jpeg(160, 90, 0x3366cc);
    local.fold(withThumbnail(window("cam-4", 0, 0, 0, 0.9, "static"), jpeg));
    local.fold(window("cam-4", 0, 0, 1, 0.9, "static"));
    local.fold(window("cam-4", 1, 20, 2, 0.9, "zoom-in"));
    remote.fold(withThumbnail(window("cam-2", 0, 0, 1, 0.9, "tilt-up"), jpeg));

    HttpResponse<byte[]> r = getBytes("/api/streams/cam-4/shots/0/thumbnail.jpg");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(r.body()).isEqualTo(jpeg);
    JsonNode shots = JSON.readTree(get("/api/streams/cam-4").body()).get("shots");
    assertThat(shots.get(0).get("thumbnail").asBoolean()).isTrue();
    assertThat(shots.get(1).get("thumbnail").asBoolean()).isFalse();
    assertThat(getBytes("/api/streams/cam-4/shots/1/thumbnail.jpg").statusCode()).isEqualTo(404);
    assertThat(getBytes("/api/streams/cam-4/shots/7/thumbnail.jpg").statusCode()).isEqualTo(404);
    // forwarded byte for byte from the owning instance
    HttpResponse<byte[]> forwarded = getBytes("/api/streams/cam-2/shots/0/thumbnail.jpg");
    assertThat(forwarded.statusCode()).isEqualTo(200);
    assertThat(forwarded.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(forwarded.body()).isEqualTo(jpeg);
  }

  private HttpResponse<byte[]> getBytes(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void shouldServeOneShotAndAnswer404ForUnknownOnes() throws Exception {
    JsonNode shot = JSON.readTree(get("/api/streams/cam-1/shots/1").body());
    assertThat(shot.get("startFrame").asLong()).isEqualTo(20);
    assertThat(shot.get("segments").get(0).get("labels").get(0).asText()).isEqualTo("zoom-in");

    assertThat(get("/api/streams/cam-1/shots/7").statusCode()).isEqualTo(404);
    assertThat(get("/api/streams/nope").statusCode()).isEqualTo(404);
    assertThat(get("/api/streams/cam-1/shots/x").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldForwardQueriesForStreamsOwnedByAnotherInstance() throws Exception {
    HttpResponse<String> r = get("/api/streams/cam-2");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Served-By")).contains("127.0.0.1:" + remoteServer.port());
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("shots").get(0).get("segments").get(0).get("labels").get(0).asText())
        .isEqualTo("tilt-up");
    HttpResponse<String> shot = get("/api/streams/cam-2/shots/0");
    assertThat(JSON.readTree(shot.body()).get("streamId").asText()).isEqualTo("cam-2");
  }

  @Test
  void shouldAnswer502ForAStreamWhoseOwnerIsUnreachableAndStillListTheOthers() throws Exception {
    int deadPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    local.ownedElsewhere("cam-9", "127.0.0.1:" + deadPort);

    HttpResponse<String> r = get("/api/streams/cam-9");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("unreachable");
    HttpResponse<String> list = get("/api/streams");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(list.body())).hasSize(2);
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheStoresAreRestoring() throws Exception {
    TimelineDirectory restoring =
        new TimelineDirectory() {
          @Override
          public List<StreamSummary> localStreams() {
            throw new org.apache.kafka.streams.errors.InvalidStateStoreException("restoring");
          }

          @Override
          public List<ShotTimeline> localShots(String streamId) {
            throw new org.apache.kafka.streams.errors.InvalidStateStoreException("restoring");
          }

          @Override
          public List<io.camreasoner.aggregator.curve.CurvePoint> localCurve(
              io.camreasoner.aggregator.fold.TimelineId timeline) {
            throw new org.apache.kafka.streams.errors.InvalidStateStoreException("restoring");
          }

          @Override
          public java.util.Optional<String> ownerElsewhere(String streamId) {
            return java.util.Optional.empty();
          }

          @Override
          public List<String> otherInstances() {
            return List.of();
          }
        };
    try (AggregatorHttpServer starting =
        AggregatorHttpServer.start(restoring, new TimelineFeed(), "127.0.0.1", 0)) {
      for (String path : List.of("/api/streams", "/api/streams/cam-1")) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + starting.port() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(path).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("not ready");
      }
    }
  }

  @Test
  void shouldPushTimelineUpdatesAsServerSentEvents() throws Exception {
    HttpResponse<InputStream> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/events"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("text/event-stream");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (Exception e) {
                // stream closed at the end of the test
              }
            });
    reader.setDaemon(true);
    reader.start();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feed.subscriberCount() == 1);

    feed.publish(local.fold(window("cam-1", 1, 20, 3, 0.7, "zoom-in")));

    String data = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (data == null && System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith("data:")) {
        data = line.substring(5).trim();
      }
    }
    assertThat(data).isNotNull();
    JsonNode shot = JSON.readTree(data);
    assertThat(shot.get("streamId").asText()).isEqualTo("cam-1");
    assertThat(shot.get("windowCount").asInt()).isEqualTo(2);
    assertThat(shot.get("endFrame").asLong()).isEqualTo(40);
  }

  @Test
  void shouldServeTheDashboard() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("CamReasoner").contains("/app.js");
    assertThat(get("/app.js").body()).contains("EventSource('/api/events')");
    assertThat(get("/style.css").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeTheLatestSessionAndListEveryTimelineWhenAStreamWasRestarted() throws Exception {
    for (long seq = 0; seq < 2; seq++) {
      var e = window("cam-1", 0, 0, seq, 0.9, "tilt-down");
      e.setSession(1_700_000_000_000L);
      local.fold(e);
    }

    JsonNode latest = JSON.readTree(get("/api/streams/cam-1").body());
    JsonNode all = JSON.readTree(get("/api/streams/cam-1?session=all").body());
    JsonNode first = JSON.readTree(get("/api/streams/cam-1?session=0").body());
    HttpResponse<String> bad = get("/api/streams/cam-1?session=yesterday");
    JsonNode forwarded = JSON.readTree(get("/api/streams/cam-2?session=all").body());

    assertThat(latest.get("shots")).hasSize(1);
    assertThat(latest.get("shots").get(0).get("session").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(latest.get("shots").get(0).get("segments").get(0).get("labels").get(0).asText())
        .isEqualTo("tilt-down");
    assertThat(latest.get("timelines")).hasSize(2);
    assertThat(latest.get("timelines").get(0).get("session").asLong()).isZero();
    assertThat(all.get("shots")).hasSize(3);
    assertThat(first.get("shots")).hasSize(2);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("session 'yesterday' is neither a session number nor 'all'");
    assertThat(forwarded.get("shots")).hasSize(1);
  }

  @Test
  void shouldAnswerTheSelectedTimelineAsAnExportWhenAFormatIsAsked() throws Exception {
    HttpResponse<String> csv = get("/api/streams/cam-1?format=csv");
    HttpResponse<String> edl = get("/api/streams/cam-1?format=edl&start-timecode=01:00:00:00");
    HttpResponse<String> vtt = get("/api/streams/cam-1?format=vtt");
    HttpResponse<String> otio = get("/api/streams/cam-1?format=otio");
    HttpResponse<String> chapters = get("/api/streams/cam-1?format=chapters");
    HttpResponse<String> json = get("/api/streams/cam-1?format=json");

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"cam-1.csv\"");
    List<String> rows = csv.body().lines().toList();
    assertThat(rows).hasSize(1 + 3);
    assertThat(rows.get(1)).startsWith("cam-1,0,,0,0,0,00:00:00:00,0.000,10,00:00:00:10,0.400,");
    assertThat(rows.get(2)).contains(",static,");
    assertThat(rows.get(3)).contains(",zoom-in,");
    assertThat(edl.body())
        .contains("FCM: NON-DROP FRAME")
        .contains("001  AX       V     C        01:00:00:00 01:00:00:20 01:00:00:00 01:00:00:20")
        .contains("002  AX       V     C        01:00:00:20 01:00:01:05 01:00:00:20 01:00:01:05");
    assertThat(vtt.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/vtt");
    assertThat(vtt.body()).startsWith("WEBVTT\n").contains("00:00:00.400 --> 00:00:00.800\nstatic");
    JsonNode timeline = JSON.readTree(otio.body());
    assertThat(timeline.get("OTIO_SCHEMA").asText()).isEqualTo("Timeline.1");
    assertThat(timeline.at("/tracks/children/0/children")).hasSize(2);
    assertThat(chapters.body()).startsWith(";FFMETADATA1\n").contains("title=Shot 2: zoom in");
    assertThat(JSON.readTree(json.body()).get("shots")).hasSize(2);
  }

  @Test
  void shouldForwardAnExportWithItsContentTypeWhenAnotherInstanceOwnsTheStream() throws Exception {
    HttpResponse<String> r = get("/api/streams/cam-2?format=edl");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Served-By")).hasValue("127.0.0.1:" + remoteServer.port());
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("cam-2.edl");
    assertThat(r.body()).contains("* COMMENT: 00:00:00:00-00:00:00:10 TILT-UP 0.90");
  }

  @Test
  void shouldRefuseAnExportWhenTheFormatOrSelectionOrTimecodeIsBad() throws Exception {
    var e = window("cam-1", 0, 0, 0, 0.9, "tilt-down");
    e.setSession(1_700_000_000_000L);
    local.fold(e);

    HttpResponse<String> unknown = get("/api/streams/cam-1?format=xml");
    HttpResponse<String> several = get("/api/streams/cam-1?session=all&format=csv");
    HttpResponse<String> badTimecode = get("/api/streams/cam-1?format=edl&start-timecode=25:00");
    HttpResponse<String> oneSession = get("/api/streams/cam-1?session=0&format=csv");

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown format 'xml'");
    assertThat(several.statusCode()).isEqualTo(400);
    assertThat(several.body()).contains("choose one session and producer (this selection has 2)");
    assertThat(badTimecode.statusCode()).isEqualTo(400);
    assertThat(badTimecode.body()).contains("start-timecode: not a timecode");
    assertThat(oneSession.statusCode()).isEqualTo(200);
    assertThat(oneSession.body().lines()).hasSize(4);
  }
}
