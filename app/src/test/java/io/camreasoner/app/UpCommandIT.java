package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.testing.HlsRecording;
import io.camreasoner.ingest.testing.HttpDirectoryServer;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack kept running: sources added over HTTP end up on the dashboard's API. */
class UpCommandIT {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private String line(StringWriter out, String key) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(\\S+)$").matcher(out.toString());
    return m.find() ? m.group(1) : null;
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Starts {@code up} (free ports, 2 partitions) and returns once it printed its endpoints. */
  private CompletableFuture<Integer> startUp(StringWriter out) {
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> up =
        CompletableFuture.supplyAsync(
            () ->
                CamReasonerCli.execute(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "up",
                    "--http-port=0",
                    "--control-port=0",
                    "--partitions=2"));
    Awaitility.await("up prints its endpoints")
        .atMost(Duration.ofSeconds(90))
        .until(() -> line(out, "metrics") != null || up.isDone());
    assertThat(up.isDone()).as(err.toString()).isFalse();
    return up;
  }

  /** Asks {@code up} to shut down over its control API and returns its exit code. */
  private int shutDown(String control, CompletableFuture<Integer> up) throws Exception {
    String base = control.substring(0, control.length() - "/sources".length());
    send(
        HttpRequest.newBuilder(URI.create(base + "/shutdown"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    return up.get(60, TimeUnit.SECONDS);
  }

  @Test
  void shouldPrintEndpointsAndAnalyseSourcesAddedOverHttpUntilShutdown() throws Exception {
    Path clip = dir.resolve("cam.mp4");
    ClipWriter.write(
        clip,
        ClipSpec.of(
            SceneKind.LAYERED_3D,
            CameraMotion.STATIC.plus(MotionLabel.TILT_UP, 10),
            320,
            180,
            25,
            50,
            7),
        5);
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> up = startUp(out);
    assertThat(line(out, "kafka.bootstrap")).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(line(out, "schema.registry")).startsWith("http://127.0.0.1:");
    String dashboard = line(out, "dashboard");
    String control = line(out, "control");

    HttpResponse<String> added =
        send(
            HttpRequest.newBuilder(URI.create(control))
                .POST(HttpRequest.BodyPublishers.ofString(clip.toString()))
                .build());
    assertThat(added.statusCode()).isEqualTo(202);
    String streamId = added.body().replaceAll(".*\\[\"([^\"]+)\"].*", "$1");

    Awaitility.await("timeline of " + streamId)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> r =
                  send(
                      HttpRequest.newBuilder(URI.create(dashboard + "api/streams/" + streamId))
                          .build());
              return r.statusCode() == 200
                  && r.body().contains("\"lastShot\":true")
                  && r.body().contains("tilt-up");
            });
    assertThat(send(HttpRequest.newBuilder(URI.create(control)).build()).body())
        .contains("\"status\":\"ended\"")
        .contains(streamId);
    String base = control.substring(0, control.length() - "/sources".length());
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build()).body())
        .contains("camreasoner_ingest_frames_decoded_total 50.0")
        .contains("camreasoner_worker_window_latency_seconds_count")
        .contains("kafka_stream");
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health")).build()).statusCode())
        .isEqualTo(200);

    assertThat(shutDown(control, up)).isZero();
  }

  @Test
  void shouldShowASecondSessionWhenALiveUrlIsRemovedAndAddedAgain() throws Exception {
    Programme programme = ProgrammeGenerator.generate(41, "up-live", 10, 160, 90, 25, 2.0, false);
    Path www = Files.createDirectories(dir.resolve("www"));
    StringWriter out = new StringWriter();
    try (HlsRecording recording = HlsRecording.start(www, programme, HlsRecording.Kind.EVENT);
        HttpDirectoryServer server = HttpDirectoryServer.start(www)) {
      CompletableFuture<Integer> up = startUp(out);
      String dashboard = line(out, "dashboard");
      String control = line(out, "control");
      recording.awaitSegments(1, Duration.ofSeconds(30));
      String url = server.url(HlsRecording.PLAYLIST);

      String streamId = add(control, url);
      String stream = dashboard + "api/streams/" + streamId;
      Awaitility.await("first session analysed")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> closedShots(stream + "?session=all") >= 1);
      HttpResponse<String> stopped =
          send(HttpRequest.newBuilder(URI.create(control + "/" + streamId)).DELETE().build());
      assertThat(stopped.statusCode()).isEqualTo(200);
      Awaitility.await("first session ended")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  send(HttpRequest.newBuilder(URI.create(control)).build())
                      .body()
                      .contains("\"status\":\"ended\""));

      assertThat(add(control, url)).isEqualTo(streamId);
      Awaitility.await("second session analysed")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> timelines(stream).size() == 2 && closedShots(stream) >= 1);

      JsonNode latest =
          JSON.readTree(send(HttpRequest.newBuilder(URI.create(stream)).build()).body());
      List<Long> sessions = timelines(stream);
      assertThat(sessions.get(1)).isGreaterThan(sessions.get(0)).isPositive();
      assertThat(latest.get("shots").get(0).get("session").asLong()).isEqualTo(sessions.get(1));
      JsonNode first =
          JSON.readTree(
              send(HttpRequest.newBuilder(URI.create(stream + "?session=" + sessions.get(0)))
                      .build())
                  .body());
      assertThat(first.get("shots").get(first.get("shots").size() - 1).get("lastShot").asBoolean())
          .as("the stopped session ended cleanly")
          .isTrue();

      assertThat(shutDown(control, up)).isZero();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private String add(String control, String location) throws Exception {
    HttpResponse<String> added =
        send(
            HttpRequest.newBuilder(URI.create(control))
                .POST(HttpRequest.BodyPublishers.ofString(location))
                .build());
    assertThat(added.statusCode()).isEqualTo(202);
    return JSON.readTree(added.body()).get("streamIds").get(0).asText();
  }

  /** The sessions of a stream's timelines, oldest first. */
  private List<Long> timelines(String stream) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(stream)).build());
    List<Long> out = new java.util.ArrayList<>();
    if (r.statusCode() == 200) {
      JSON.readTree(r.body()).get("timelines").forEach(t -> out.add(t.get("session").asLong()));
    }
    return out;
  }

  private int closedShots(String url) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).build());
    if (r.statusCode() != 200) {
      return 0;
    }
    int n = 0;
    for (JsonNode shot : JSON.readTree(r.body()).get("shots")) {
      n += shot.get("status").asText().equals("closed") ? 1 : 0;
    }
    return n;
  }
}
