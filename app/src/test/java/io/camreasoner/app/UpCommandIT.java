package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.MotionLabel;
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
import java.nio.file.Path;
import java.time.Duration;
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

    send(
        HttpRequest.newBuilder(URI.create(base + "/shutdown"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    assertThat(up.get(60, TimeUnit.SECONDS)).isZero();
  }
}
