package io.camreasoner.worker.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code GET /health} (200 {@code {"status":"UP"}} while the worker is healthy, 503
 * otherwise) and {@code GET /metrics} (Prometheus text format) on the JDK's built-in HTTP server.
 */
public final class OpsServer implements AutoCloseable {

  private final HttpServer server;

  /**
   * Starts serving.
   *
   * @param port the port, 0 for any free one
   */
  public OpsServer(int port, BooleanSupplier healthy, PrometheusMeterRegistry registry)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/health",
        ex -> {
          boolean up = healthy.getAsBoolean();
          reply(
              ex,
              up ? 200 : 503,
              "application/json",
              "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}");
        });
    server.createContext(
        "/metrics",
        ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.start();
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
