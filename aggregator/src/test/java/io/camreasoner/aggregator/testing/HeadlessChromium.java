package io.camreasoner.aggregator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Debian's {@code chromium} in headless mode, driven over the DevTools protocol (JSON over a {@link
 * java.net.http.WebSocket}): navigate, evaluate JavaScript, take screenshots. Test setup: {@code
 * apt-get install -y chromium}; tests skip when {@link #BINARY} is absent.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Where Debian installs chromium. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Whether chromium is installed. */
  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Starts chromium with a fresh profile under {@code profileDir} and a window of the given size.
   */
  public static HeadlessChromium start(Path profileDir, int width, int height) throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    BINARY.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--hide-scrollbars",
                    "--user-data-dir=" + profileDir,
                    "--remote-debugging-port=0",
                    "--window-size=" + width + "," + height,
                    "about:blank"))
            .redirectErrorStream(true)
            .redirectOutput(profileDir.resolveSibling("chromium.log").toFile())
            .start();
    try {
      Path portFile = profileDir.resolve("DevToolsActivePort");
      Awaitility.await("chromium DevTools port")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(portFile) && Files.readAllLines(portFile).size() >= 1);
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String pageUrl = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (pageUrl == null && System.nanoTime() < deadline) {
        String list =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        for (JsonNode target : JSON.readTree(list)) {
          if ("page".equals(target.path("type").asText())) {
            pageUrl = target.get("webSocketDebuggerUrl").asText();
          }
        }
      }
      if (pageUrl == null) {
        throw new IllegalStateException("chromium opened no page target on port " + port);
      }
      HeadlessChromium[] self = new HeadlessChromium[1];
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(pageUrl), new Listener(() -> self[0]))
              .get(10, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(process, ws);
      return self[0];
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
    JsonNode r = reply.get(30, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.get("result");
  }

  /** Opens {@code url} in the page. */
  public void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
  }

  /** Evaluates a JavaScript expression in the page and returns its value as JSON. */
  public JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /**
   * Polls {@code expression} until its value satisfies {@code condition}; returns it. A page still
   * loading may throw (no {@code document.body} yet): that counts as not yet.
   */
  public JsonNode awaitValue(String expression, Predicate<JsonNode> condition, Duration timeout)
      throws Exception {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await(expression)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              last[0] = eval(expression);
              return condition.test(last[0]);
            });
    return last[0];
  }

  /** Saves a PNG screenshot of the viewport to {@code file}. */
  public void screenshot(Path file) throws Exception {
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    // Chromium's renderer, GPU and utility processes outlive the browser process for a moment and
    // still write into the profile: stop and await them too, or the test's temporary directory
    // cannot be deleted (seen in CI as "Failed to delete temp directory ... profile/Default").
    List<ProcessHandle> helpers = process.descendants().toList();
    try {
      socket.abort();
    } finally {
      stop(process.toHandle());
      for (ProcessHandle helper : helpers) {
        stop(helper);
      }
    }
  }

  private static void stop(ProcessHandle p) throws InterruptedException {
    p.destroy();
    try {
      p.onExit().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException gone) {
        // a process that does not die on SIGKILL within 5 s is beyond a test's reach
      }
    }
  }

  private void onMessage(String text) throws IOException {
    JsonNode msg = JSON.readTree(text);
    if (msg.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
      if (f != null) {
        f.complete(msg);
      }
    }
  }

  /** Reassembles fragmented text frames and hands complete messages over. */
  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Supplier<HeadlessChromium> owner;
    private final StringBuilder buffer = new StringBuilder();

    Listener(java.util.function.Supplier<HeadlessChromium> owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        HeadlessChromium c = owner.get();
        if (c != null) {
          try {
            c.onMessage(text);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
      ws.request(1);
      return null;
    }
  }
}
