package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.platform.testing.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camreasoner up} with {@code CAMREASONER_HTTP_TOKEN} set: the dashboard, its API and the
 * control API (sources, metrics, shutdown) answer 401 without the token and work with it; the
 * health probe stays open for orchestrators.
 */
class UpAccessIT {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private String line(String key) throws Exception {
    Path log = dir.resolve("up.log");
    if (!Files.exists(log)) {
      return null;
    }
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(key) + "=(\\S+)$").matcher(Files.readString(log));
    return m.find() ? m.group(1) : null;
  }

  private int status(String method, String url, String token) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void shouldRequireTheTokenOnDashboardAndControlApiButNotOnHealthWhenATokenIsSet()
      throws Exception {
    Process up =
        ChildJvm.start(
            dir,
            "up.log",
            List.of(),
            Map.of("CAMREASONER_HTTP_TOKEN", "up-t0ken"),
            CamReasonerCli.class.getName(),
            "up",
            "--http-port=0",
            "--control-port=0",
            "--partitions=1");
    try {
      Awaitility.await("up prints its endpoints")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> line("metrics") != null || !up.isAlive());
      assertThat(up.isAlive()).as(Files.readString(dir.resolve("up.log"))).isTrue();
      String dashboard = line("dashboard");
      String control = line("control");
      String base = control.substring(0, control.length() - "/sources".length());

      assertThat(status("GET", dashboard, null)).isEqualTo(401);
      assertThat(status("GET", dashboard + "api/streams", null)).isEqualTo(401);
      assertThat(status("GET", dashboard + "api/streams", "wrong")).isEqualTo(401);
      assertThat(status("GET", control, null)).isEqualTo(401);
      assertThat(status("GET", base + "/metrics", null)).isEqualTo(401);
      assertThat(status("POST", base + "/shutdown", null)).isEqualTo(401);
      assertThat(up.isAlive()).as("a refused shutdown stops nothing").isTrue();
      assertThat(status("GET", base + "/health", null)).isEqualTo(200);

      assertThat(status("GET", dashboard, "up-t0ken")).isEqualTo(200);
      // 503 while the aggregator's stores restore; with the token never 401
      Awaitility.await("the API with the token")
          .atMost(Duration.ofSeconds(60))
          .until(() -> status("GET", dashboard + "api/streams", "up-t0ken"), s -> s == 200);
      assertThat(status("GET", control, "up-t0ken")).isEqualTo(200);
      assertThat(status("GET", base + "/metrics", "up-t0ken")).isEqualTo(200);
      assertThat(status("POST", base + "/shutdown", "up-t0ken")).isEqualTo(202);
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(up.exitValue()).isZero();
      assertThat(Files.readString(dir.resolve("up.log"))).doesNotContain("up-t0ken");
    } finally {
      up.destroyForcibly();
    }
  }
}
