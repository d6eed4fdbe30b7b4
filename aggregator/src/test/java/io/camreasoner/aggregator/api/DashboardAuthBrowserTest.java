package io.camreasoner.aggregator.api;

import static io.camreasoner.aggregator.testing.TestEvents.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.aggregator.testing.HeadlessChromium;
import io.camreasoner.aggregator.testing.InMemoryDirectory;
import io.camreasoner.platform.http.HttpAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard behind a token, in a real headless browser: refused without it, opened once with
 * {@code ?token=}, then working from the cookie alone (page reloads, API calls and the live event
 * stream), as an operator opening a shared dashboard link would use it.
 */
class DashboardAuthBrowserTest {

  private static final String SEGMENTS = "document.querySelectorAll('.segment').length";

  @TempDir Path tmp;

  @Test
  void shouldShowTheDashboardOnlyWithTheTokenAndKeepItLiveWhenAccessIsRequired() throws Exception {
    Assumptions.assumeTrue(
        HeadlessChromium.available(),
        "skipped: /usr/bin/chromium is not installed (test setup: scripts/install-test-deps.sh)");
    InMemoryDirectory dir = new InMemoryDirectory();
    for (int i = 0; i < 3; i++) {
      dir.fold(window("gallery-cam", 0, 0, i, 0.9, "pan-right"));
    }
    TimelineFeed feed = new TimelineFeed();
    try (AggregatorHttpServer server =
            AggregatorHttpServer.start(dir, feed, "127.0.0.1", 0, HttpAccess.of("dash-t0ken", ""));
        HeadlessChromium chromium =
            HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")), 1200, 600)) {
      String base = "http://127.0.0.1:" + server.port() + "/";

      chromium.navigate(base);
      chromium.awaitValue(
          "document.body ? document.body.innerText : ''",
          v -> v.asText().toLowerCase().contains("authentication required"),
          Duration.ofSeconds(20));
      assertThat(chromium.eval(SEGMENTS).asInt()).isZero();
      assertThat(chromium.eval("document.body.getAttribute('data-loaded')").isNull()).isTrue();

      chromium.navigate(base + "?token=dash-t0ken");
      chromium.awaitValue(
          "document.body ? document.body.getAttribute('data-loaded') : null",
          v -> "true".equals(v.asText()),
          Duration.ofSeconds(20));
      assertThat(chromium.eval(SEGMENTS).asInt()).isEqualTo(1);

      // a plain reload without the token: the cookie carries it, the event stream included
      chromium.navigate(base);
      chromium.awaitValue(
          "document.body ? document.body.getAttribute('data-loaded') : null",
          v -> "true".equals(v.asText()),
          Duration.ofSeconds(20));
      Awaitility.await("dashboard SSE subscription")
          .atMost(Duration.ofSeconds(20))
          .until(() -> feed.subscriberCount() >= 1);
      feed.publish(dir.fold(window("gallery-cam", 1, 30, 3, 0.8, "tilt-down")));
      chromium.awaitValue(
          "Array.from(document.querySelectorAll('.segment')).map(e => e.dataset.labels).join('|')",
          v -> v.asText().equals("pan-right|tilt-down"),
          Duration.ofSeconds(20));
      assertThat(chromium.eval("document.cookie").asText())
          .as("the token cookie is HttpOnly: page scripts cannot read it")
          .doesNotContain("dash-t0ken");
    }
  }
}
