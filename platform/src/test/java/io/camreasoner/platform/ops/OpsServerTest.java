package io.camreasoner.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(OpsServer ops, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeMetricsAndFlipHealthWhenACheckFails() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("camreasoner.test.windows").register(registry).increment(3);
    AtomicBoolean consumerUp = new AtomicBoolean(true);
    try (OpsServer ops =
        new OpsServer(registry, "127.0.0.1", 0)
            .check(
                "consumer",
                () ->
                    consumerUp.get()
                        ? OpsServer.HealthCheck.Result.up()
                        : OpsServer.HealthCheck.Result.down("fenced"))
            .check("producer", OpsServer.HealthCheck.Result::up)) {
      ops.start();
      HttpResponse<String> metrics = get(ops, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("camreasoner_test_windows_total 3.0")
          .contains("jvm_memory_used_bytes");

      HttpResponse<String> up = get(ops, "/health");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body())
          .isEqualTo("{\"status\":\"UP\",\"checks\":{\"consumer\":\"UP\",\"producer\":\"UP\"}}");

      consumerUp.set(false);
      HttpResponse<String> down = get(ops, "/health");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body())
          .contains("\"status\":\"DOWN\"")
          .contains("\"consumer\":\"DOWN: fenced\"");
    }
  }
}
