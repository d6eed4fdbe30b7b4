package io.camreasoner.platform.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /health} and {@code GET /metrics}. Health is the conjunction of named checks:
 * 200 {@code {"status":"UP","checks":{...}}} when all pass, 503 with {@code "DOWN"} otherwise.
 * Metrics are the Prometheus scrape of a Micrometer registry, with JVM and process meters bound.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  /** Address the ops endpoints bind to. */
  public static final Setting<String> HOST =
      Setting.string(
          "ops.host",
          "127.0.0.1",
          "Address of the health and metrics endpoints (0.0.0.0 to expose them).");

  /** Port of the ops endpoints; 0 picks a free one, -1 turns them off. */
  public static final Setting<Integer> PORT =
      Setting.integer("ops.port", 0, "Port of /health and /metrics; 0 = any free port, -1 = off.")
          .range(-1, 65535);

  /** The ops settings, to merge into a service's group. */
  public static final SettingGroup SETTINGS = SettingGroup.of("ops", HOST, PORT);

  private final Map<String, Supplier<HealthCheck.Result>> checks = new ConcurrentHashMap<>();
  private final PrometheusMeterRegistry registry;
  private final ObjectMapper json = new ObjectMapper();
  private Javalin app;

  /** A health-check result source. */
  public interface HealthCheck {
    /** The state of one component. */
    record Result(boolean isUp, String detail) {
      /** An up result. */
      public static Result up() {
        return new Result(true, "UP");
      }

      /** A down result with the reason. */
      public static Result down(String reason) {
        return new Result(false, "DOWN: " + reason);
      }
    }
  }

  /** An ops server over a registry (not started). */
  public OpsServer(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
  }

  /** Adds a named health check. */
  public OpsServer check(String name, Supplier<HealthCheck.Result> check) {
    checks.put(name, check);
    return this;
  }

  /** Starts serving; port 0 picks a free port. */
  public synchronized OpsServer start(String host, int port) {
    app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
            });
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    app.get(
        "/health",
        ctx -> {
          Map<String, String> details = new LinkedHashMap<>();
          boolean up = true;
          for (var e : new java.util.TreeMap<>(checks).entrySet()) {
            HealthCheck.Result r;
            try {
              r = e.getValue().get();
            } catch (RuntimeException ex) {
              r = HealthCheck.Result.down(ex.getMessage());
            }
            up &= r.isUp();
            details.put(e.getKey(), r.detail());
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", up ? "UP" : "DOWN");
          body.put("checks", details);
          ctx.status(up ? 200 : 503)
              .contentType("application/json")
              .result(json.writeValueAsString(body));
        });
    app.start(host, port);
    LOG.info("ops endpoints on http://{}:{}/health and /metrics", host, port());
    return this;
  }

  /** The bound port. */
  public int port() {
    return app.port();
  }

  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }
}
