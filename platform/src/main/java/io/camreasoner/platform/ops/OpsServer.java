package io.camreasoner.platform.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.lifecycle.Service;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /health} and {@code GET /metrics}. Health is the conjunction of named checks:
 * 200 {@code {"status":"UP","checks":{...}}} when all pass, 503 with {@code "DOWN"} otherwise.
 * Metrics are the Prometheus scrape of a Micrometer registry, with JVM and process meters bound.
 * Every service serves it on {@code ops.host}:{@code ops.port} ({@link #SETTINGS}), started and
 * closed by the service's {@link io.camreasoner.platform.lifecycle.ServiceRunner}.
 */
public final class OpsServer implements Service {
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
  private final String host;
  private final int port;
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

  /**
   * An ops server over a registry (not started).
   *
   * @param host address to bind
   * @param port port to bind; 0 picks a free one
   */
  public OpsServer(PrometheusMeterRegistry registry, String host, int port) {
    this.registry = registry;
    this.host = host;
    this.port = port;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
  }

  /**
   * The ops server a service's parsed configuration asks for ({@link #HOST}, {@link #PORT}), or
   * none when {@code ops.port} is -1.
   */
  public static Optional<OpsServer> of(SettingGroup.Config cfg, PrometheusMeterRegistry registry) {
    int p = cfg.get(PORT);
    return p < 0 ? Optional.empty() : Optional.of(new OpsServer(registry, cfg.get(HOST), p));
  }

  /** Adds a named health check. */
  public OpsServer check(String name, Supplier<HealthCheck.Result> check) {
    checks.put(name, check);
    return this;
  }

  @Override
  public String name() {
    return "ops endpoints";
  }

  /** Starts serving. */
  @Override
  public synchronized void start() {
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
          for (var e : new TreeMap<>(checks).entrySet()) {
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
  }

  /** The bound port (once started). */
  public int port() {
    return app.port();
  }

  /** The address it binds. */
  public String host() {
    return host;
  }

  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }
}
