package io.camreasoner.aggregator.api;

import static io.camreasoner.aggregator.testing.TestEvents.window;
import static io.camreasoner.aggregator.testing.TestEvents.withCues;
import static io.camreasoner.aggregator.testing.TestEvents.withThumbnail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camreasoner.aggregator.testing.HeadlessChromium;
import io.camreasoner.aggregator.testing.InMemoryDirectory;
import io.camreasoner.aggregator.testing.TestEvents;
import io.camreasoner.schemas.avro.MotionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless browser (Debian's chromium, installed by the test setup: {@code
 * apt-get install -y chromium}): it loads, shows the segments of a test stream, updates live when a
 * new event arrives over SSE, and shows a segment's reasoning on click. Screenshots are kept under
 * {@code target/dashboard/}.
 */
class DashboardBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "dashboard");
  private static final String SEGMENTS =
      "document.querySelectorAll('.segment[data-stream=\"%s\"]')";

  @TempDir Path tmp;

  private static MotionEvent explained(MotionEvent e, String observation, String thinking) {
    return MotionEvent.newBuilder(e).setObservation(observation).setThinking(thinking).build();
  }

  private static void seed(InMemoryDirectory dir) {
    String lobby = "lobby-cam";
    for (int i = 0; i < 3; i++) {
      dir.fold(
          explained(
              window(lobby, 0, 0, i, 0.93, "static"),
              "212 tracks; background motion 0.002 frame-widths/s; 8 % of tracks on a walking person",
              "background fixed, moving tracks are one independent object, not the camera → static"));
    }
    for (int i = 3; i < 7; i++) {
      dir.fold(
          explained(
              window(lobby, 0, 0, i, 0.88, "pan-right"),
              "content slides left 0.21 frame-widths/s; residual parallax 0.3 px after homography",
              "uniform slide with no parallax is a rotation, not a truck → pan right"));
    }
    for (int i = 7; i < 9; i++) {
      dir.fold(
          explained(
              window(lobby, 0, 0, i, 0.81, "zoom-in"),
              "scale grows 2.1 %/frame about the centre; residual parallax 0.4 px",
              "expansion about the principal point without parallax → zoom, not dolly"));
    }
    for (int i = 9; i < 12; i++) {
      dir.fold(window(lobby, 1, 90, i, 0.77, "dolly-in"));
    }
    for (int i = 12; i < 14; i++) {
      dir.fold(window(lobby, 1, 90, i, 0.72, "pan-left", "tilt-up"));
    }
    for (int i = 0; i < 5; i++) {
      dir.fold(window("studio-b", 0, 0, i, 0.9, "truck-left"));
    }
    for (int i = 5; i < 8; i++) {
      dir.fold(window("studio-b", 0, 0, i, 0.45, "static"));
    }
  }

  @Test
  void shouldShowSegmentsAndUpdateLiveWhenANewEventArrives() throws Exception {
    Assumptions.assumeTrue(
        HeadlessChromium.available(),
        "skipped: /usr/bin/chromium is not installed (test setup: scripts/install-test-deps.sh)");
    InMemoryDirectory dir = new InMemoryDirectory();
    seed(dir);
    TimelineFeed feed = new TimelineFeed();
    try (AggregatorHttpServer server = AggregatorHttpServer.start(dir, feed, "127.0.0.1", 0);
        HeadlessChromium chromium =
            HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")), 1400, 720)) {
      chromium.navigate("http://127.0.0.1:" + server.port() + "/");

      chromium.awaitValue(
          "document.body.getAttribute('data-loaded')",
          v -> "true".equals(v.asText()),
          Duration.ofSeconds(20));
      JsonNode labels =
          chromium.eval(
              "Array.from("
                  + SEGMENTS.formatted("lobby-cam")
                  + ").map(e => e.dataset.shot + ':' + e.dataset.labels).join('|')");
      assertThat(labels.asText())
          .isEqualTo("0:static|0:pan-right|0:zoom-in|1:dolly-in|1:pan-left tilt-up");
      assertThat(chromium.eval(SEGMENTS.formatted("studio-b") + ".length").asInt()).isEqualTo(2);
      assertThat(chromium.eval("document.querySelectorAll('#legend .swatch').length").asInt())
          .isEqualTo(15);
      Awaiting.subscribers(feed);
      chromium.screenshot(SCREENSHOTS.resolve("dashboard-loaded.png"));

      feed.publish(dir.fold(window("lobby-cam", 1, 90, 14, 0.84, "zoom-out")));

      JsonNode updated =
          chromium.awaitValue(
              "Array.from("
                  + SEGMENTS.formatted("lobby-cam")
                  + ").map(e => e.dataset.labels).join('|')",
              v -> v.asText().endsWith("|zoom-out"),
              Duration.ofSeconds(20));
      assertThat(updated.asText())
          .isEqualTo("static|pan-right|zoom-in|dolly-in|pan-left tilt-up|zoom-out");

      JsonNode observation =
          chromium.eval(
              SEGMENTS.formatted("lobby-cam")
                  + "[1].click(); document.getElementById('detail-observation').textContent");
      assertThat(observation.asText()).startsWith("content slides left 0.21 frame-widths/s");
      assertThat(chromium.eval("document.getElementById('detail-answer').textContent").asText())
          .isEqualTo("pan-right");
      chromium.screenshot(SCREENSHOTS.resolve("dashboard-live.png"));
    }
    assertThat(SCREENSHOTS.resolve("dashboard-live.png")).isNotEmptyFile();
  }

  @Test
  void shouldPlotCurvesAndShowShotThumbnailsWhenWindowsCarryCuesAndThumbnails() throws Exception {
    Assumptions.assumeTrue(
        HeadlessChromium.available(),
        "skipped: /usr/bin/chromium is not installed (test setup: scripts/install-test-deps.sh)");
    InMemoryDirectory dir = new InMemoryDirectory();
    String cam = "crane-cam";
    // 6 windows of a pan that speeds up, then 4 of a zoom; translation measured on 7 windows only
    for (int i = 0; i < 10; i++) {
      boolean pan = i < 6;
      MotionEvent e = window(cam, pan ? 0 : 1, pan ? 0 : 60, i, 0.9, pan ? "pan-right" : "zoom-in");
      if (i == 0 || i == 6) {
        // the worker's thumbnail on each shot's first window
        e = withThumbnail(e, TestEvents.jpeg(160, 90, i == 0 ? 0x3d7ef0 : 0xe09a1a));
      }
      dir.fold(
          withCues(
              e,
              pan ? 4.0 + 2 * i : 0.0,
              pan ? 0.5 : -0.2,
              0.1 * (i % 3),
              pan ? 0.0 : 0.06,
              i < 7 ? 0.001 * i : null,
              0.05 * i,
              // most of the pan's windows shake: a handheld segment; the zoom is steady
              pan && i >= 2 ? "handheld" : "steady"));
    }
    TimelineFeed feed = new TimelineFeed();
    try (AggregatorHttpServer server = AggregatorHttpServer.start(dir, feed, "127.0.0.1", 0);
        HeadlessChromium chromium =
            HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")), 1400, 720)) {
      chromium.navigate("http://127.0.0.1:" + server.port() + "/");
      chromium.awaitValue(
          "document.body.getAttribute('data-loaded')",
          v -> "true".equals(v.asText()),
          Duration.ofSeconds(20));
      String points =
          "Array.from(document.querySelectorAll('.stream[data-stream=\"%s\"] polyline'))"
                  .formatted(cam)
              + ".map(l => l.dataset.curve + ':' + l.getAttribute('points').trim().split(/\\s+/)"
              + ".length).join('|')";

      JsonNode drawn =
          chromium.awaitValue(points, v -> !v.asText().isEmpty(), Duration.ofSeconds(20));

      assertThat(drawn.asText())
          .isEqualTo("pan:10|tilt:10|roll:10|zoom:10|translation:7|movers:10");
      // the pan curve rises over the first six windows: its y (SVG, downwards) falls
      JsonNode ys =
          chromium.eval(
              "Array.from(document.querySelectorAll('.stream[data-stream=\"%s\"] polyline[data-curve=pan]'))"
                      .formatted(cam)
                  + "[0].getAttribute('points').trim().split(/\\s+/).slice(0, 6)"
                  + ".map(p => Number(p.split(',')[1])).join(',')");
      double[] y =
          java.util.Arrays.stream(ys.asText().split(","))
              .mapToDouble(Double::parseDouble)
              .toArray();
      for (int i = 1; i < y.length; i++) {
        assertThat(y[i]).isLessThan(y[i - 1]);
      }
      // one thumbnail per shot, each loaded from the query API
      JsonNode thumbs =
          chromium.awaitValue(
              "Array.from(document.querySelectorAll('.stream[data-stream=\"%s\"] img.shot-thumb'))"
                      .formatted(cam)
                  + ".map(i => i.complete ? i.dataset.shot + ':' + i.naturalWidth : 'loading')"
                  + ".join('|')",
              v -> !v.asText().contains("loading") && !v.asText().isEmpty(),
              Duration.ofSeconds(20));
      assertThat(thumbs.asText()).isEqualTo("0:160|1:160");
      // each segment's steadiness (the worst of its windows) is on the segment
      assertThat(
              chromium
                  .eval(
                      "Array.from("
                          + SEGMENTS.formatted(cam)
                          + ").map(e => e.dataset.steadiness + ':' + e.classList.contains('shaky'))"
                          + ".join('|')")
                  .asText())
          .isEqualTo("handheld:true|steady:false");
      chromium.screenshot(SCREENSHOTS.resolve("dashboard-curves.png"));
    }
  }

  /** Waits until the page's SSE connection is subscribed, so a published update reaches it. */
  private static final class Awaiting {
    static void subscribers(TimelineFeed feed) {
      org.awaitility.Awaitility.await("dashboard SSE subscription")
          .atMost(Duration.ofSeconds(20))
          .until(() -> feed.subscriberCount() >= 1);
    }
  }
}
