package io.camreasoner.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camreasoner.aggregator.AggregatorService;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.stack.PipelineStack;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner up [SOURCE...]}: the whole stack kept running until Ctrl-C (or {@code POST
 * /shutdown}). Prints {@code kafka.bootstrap=}, {@code schema.registry=} and {@code dashboard=}
 * lines so scripts and other clients can attach, ingests the sources given, and serves a control
 * API on loopback: {@code GET|POST /sources} (POST body = a file path or URL), {@code DELETE
 * /sources/{streamId}}, {@code GET /metrics} (Prometheus: ingest, worker, aggregator Streams, JVM)
 * and {@code GET /health}.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded stack (broker, registry, services, dashboard) until Ctrl-C.",
      "Sources given here are ingested at once; more can be added with POST /sources on the control API."
    })
final class UpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin StackOptions stackOptions = new StackOptions();

  @Parameters(
      paramLabel = "SOURCE",
      arity = "0..*",
      description = "Files, directories or live URLs to ingest at start.")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--http-host",
      defaultValue = "127.0.0.1",
      description =
          "Address of the dashboard and control API (default ${DEFAULT-VALUE}; 0.0.0.0 opens them up).")
  String httpHost;

  @Option(
      names = "--http-port",
      defaultValue = "8090",
      description = "Port of the dashboard (default ${DEFAULT-VALUE}; 0 = any free port).")
  int httpPort;

  @Option(
      names = "--control-port",
      defaultValue = "8091",
      description =
          "Port of the control API and metrics (default ${DEFAULT-VALUE}; 0 = any free port).")
  int controlPort;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the pipeline topics (default ${DEFAULT-VALUE}).")
  int partitions;

  private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

  private final Map<String, Future<IngestResult>> running = new ConcurrentHashMap<>();
  private final Map<String, IngestResult> finished = new ConcurrentHashMap<>();
  private final Map<String, String> locations = new ConcurrentHashMap<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    PipelineStack.Options options =
        stackOptions.toOptions(spec.commandLine(), Map.of(), partitions, httpHost, httpPort, null);
    try (PipelineStack stack = PipelineStack.start(options, metrics)) {
      new KafkaStreamsMetrics(stack.aggregator().streams()).bindTo(metrics);
      HttpServer control = HttpServer.create(new InetSocketAddress(httpHost, controlPort), 16);
      List<HttpContext> contexts = new ArrayList<>();
      contexts.add(control.createContext("/sources", exchange -> sources(exchange, stack)));
      contexts.add(
          control.createContext(
              "/metrics",
              exchange ->
                  reply(
                      exchange,
                      200,
                      "text/plain; version=0.0.4",
                      metrics.scrape() + stack.worker().registry().scrape())));
      contexts.add(control.createContext("/health", exchange -> health(exchange, stack)));
      contexts.add(
          control.createContext(
              "/shutdown",
              exchange -> {
                reply(exchange, 202, "text/plain", "stopping\n");
                stop.countDown();
              }));
      // the same credentials as the dashboard; the health probe stays open for orchestrators
      Filter access = options.httpAccess().filter(Set.of("/health"));
      contexts.forEach(c -> c.getFilters().add(access));
      control.start();
      options.httpAccess().warnIfOpen(LOG, "the control API", httpHost);
      Thread hook = new Thread(stop::countDown, "up-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        String controlUrl = "http://" + httpHost + ":" + control.getAddress().getPort();
        out.println("kafka.bootstrap=" + stack.kafka());
        out.println("schema.registry=" + stack.registry());
        out.println("dashboard=http://" + httpHost + ":" + stack.aggregator().httpPort() + "/");
        out.println("control=" + controlUrl + "/sources");
        out.println("metrics=" + controlUrl + "/metrics");
        out.flush();
        for (String s : sources) {
          add(stack, s);
        }
        stop.await();
      } finally {
        control.stop(0);
        stack.ingest().stopAll(); // what was read is published before the stack closes
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down
        }
      }
    }
    return 0;
  }

  private List<String> add(PipelineStack stack, String location) {
    List<String> ids = new ArrayList<>();
    for (Source source : Sources.expand(List.of(location), null)) {
      locations.put(source.streamId(), source.display());
      finished.remove(source.streamId());
      running.put(
          source.streamId(),
          stack
              .ingest()
              .submit(
                  source,
                  result -> {
                    finished.put(result.streamId(), result);
                    running.remove(result.streamId());
                  }));
      ids.add(source.streamId());
    }
    return ids;
  }

  private void sources(HttpExchange exchange, PipelineStack stack) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (method.equals("POST") && path.equals("/sources")) {
      String body =
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (body.startsWith("{")) {
        body = json.readTree(body).path("source").asText("");
      }
      if (body.isBlank()) {
        reply(
            exchange,
            400,
            "application/json",
            "{\"error\":\"the body must name a file, directory or URL\"}");
        return;
      }
      reply(
          exchange,
          202,
          "application/json",
          json.writeValueAsString(Map.of("streamIds", add(stack, body))));
    } else if (method.equals("DELETE") && path.startsWith("/sources/")) {
      String id = path.substring("/sources/".length());
      // stopped like Ctrl-C stops analyze: what was read is published, a live stream's session
      // ends cleanly
      if (stack.ingest().stop(id)) {
        reply(exchange, 200, "application/json", json.writeValueAsString(Map.of("stopped", id)));
      } else {
        reply(
            exchange,
            404,
            "application/json",
            json.writeValueAsString(Map.of("error", "no running stream " + id)));
      }
    } else if (method.equals("GET")) {
      List<Map<String, Object>> list = new ArrayList<>();
      locations.forEach(
          (id, location) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("streamId", id);
            m.put("source", location);
            IngestResult r = finished.get(id);
            m.put("status", r == null ? "running" : r.ok() ? "ended" : "failed");
            if (r != null) {
              m.put("frames", r.frames());
              m.put("error", r.error());
            }
            list.add(m);
          });
      reply(exchange, 200, "application/json", json.writeValueAsString(list));
    } else {
      reply(
          exchange,
          405,
          "application/json",
          "{\"error\":\"use GET, POST /sources or DELETE /sources/{streamId}\"}");
    }
  }

  private void health(HttpExchange exchange, PipelineStack stack) throws IOException {
    KafkaStreams.State state = stack.aggregator().streams().state();
    boolean workerUp = stack.worker().service().failure() == null;
    boolean streamsUp = AggregatorService.serving(state);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", workerUp && streamsUp ? "UP" : "DOWN");
    body.put(
        "checks",
        Map.of(
            "worker", workerUp ? "UP" : "DOWN", "aggregator", streamsUp ? "UP" : "DOWN: " + state));
    reply(
        exchange,
        workerUp && streamsUp ? 200 : 503,
        "application/json",
        json.writeValueAsString(body));
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(bytes);
    }
  }
}
