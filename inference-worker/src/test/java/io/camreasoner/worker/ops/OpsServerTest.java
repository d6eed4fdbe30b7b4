package io.camreasoner.worker.ops;

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

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldReportHealthAndServePrometheusMetrics() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("camreasoner.worker.windows")
        .tag("outcome", "event")
        .register(registry)
        .increment(3);
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (OpsServer ops = new OpsServer(0, healthy::get, registry)) {
      HttpResponse<String> up = get(ops.port(), "/health");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");

      healthy.set(false);
      assertThat(get(ops.port(), "/health").statusCode()).isEqualTo(503);

      HttpResponse<String> metrics = get(ops.port(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("camreasoner_worker_windows_total{outcome=\"event\"} 3.0");
    }
  }
}
