package io.camreasoner.worker.backend.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A chat-completions endpoint on the JDK's HTTP server: records every request and answers with what
 * the test's responder returns for it (status, body, delay).
 */
final class FakeChatEndpoint implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded request: parsed JSON body and the Authorization header. */
  record Received(JsonNode body, String authorization) {
    /** All text parts of the user message, joined. */
    String text() {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : body.path("messages").path(0).path("content")) {
        if ("text".equals(part.path("type").asText())) {
          sb.append(part.path("text").asText()).append('\n');
        }
      }
      return sb.toString();
    }

    /** The image data URLs of the user message, in order. */
    List<String> imageUrls() {
      return urls("image_url");
    }

    /** The video data URLs of the user message, in order. */
    List<String> videoUrls() {
      return urls("video_url");
    }

    /** The types of the user message's parts, in order ({@code image_url}, {@code text}, ...). */
    List<String> partTypes() {
      List<String> types = new java.util.ArrayList<>();
      for (JsonNode part : body.path("messages").path(0).path("content")) {
        types.add(part.path("type").asText());
      }
      return types;
    }

    private List<String> urls(String type) {
      List<String> urls = new java.util.ArrayList<>();
      for (JsonNode part : body.path("messages").path(0).path("content")) {
        if (type.equals(part.path("type").asText())) {
          urls.add(part.path(type).path("url").asText());
        }
      }
      return urls;
    }
  }

  /** What to answer. */
  record Reply(int status, String body, long delayMillis) {
    static Reply ok(String content) {
      return ok(content, null);
    }

    /**
     * A reply with OpenAI-style token log probabilities: the content as three tokens (up to and
     * including {@code <answer>}, the answer letter, the rest), the letter's alternatives given as
     * probabilities (the written letter first).
     */
    static Reply withLogprobs(String content, Map<String, Double> letterProbabilities) {
      int at = content.indexOf("<answer>") + "<answer>".length();
      String letter = content.substring(at, at + 1);
      ArrayNode tokens = JSON.createArrayNode();
      tokens.add(token(content.substring(0, at), 0.0, Map.of()));
      tokens.add(token(letter, Math.log(letterProbabilities.get(letter)), letterProbabilities));
      tokens.add(token(content.substring(at + 1), 0.0, Map.of()));
      return ok(content, tokens);
    }

    private static ObjectNode token(String text, double logprob, Map<String, Double> top) {
      ObjectNode t = JSON.createObjectNode().put("token", text).put("logprob", logprob);
      ArrayNode alternatives = t.putArray("top_logprobs");
      top.forEach(
          (token, p) ->
              alternatives.add(
                  JSON.createObjectNode().put("token", token).put("logprob", Math.log(p))));
      return t;
    }

    private static Reply ok(String content, ArrayNode logprobTokens) {
      ObjectNode choice = JSON.createObjectNode();
      choice.set(
          "message", JSON.createObjectNode().put("role", "assistant").put("content", content));
      if (logprobTokens != null) {
        choice.set("logprobs", JSON.createObjectNode().set("content", logprobTokens));
      }
      ObjectNode root = JSON.createObjectNode();
      root.set("choices", JSON.createArrayNode().add(choice));
      try {
        return new Reply(200, JSON.writeValueAsString(root), 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    static Reply status(int status) {
      return new Reply(status, "{\"error\":\"status " + status + "\"}", 0);
    }

    Reply delayed(long millis) {
      return new Reply(status, body, millis);
    }
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  private volatile Function<Received, Reply> responder;

  FakeChatEndpoint(Function<Received, Reply> responder) throws IOException {
    this.responder = responder;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      Received r =
          new Received(
              JSON.readTree(ex.getRequestBody().readAllBytes()),
              ex.getRequestHeaders().getFirst("Authorization"));
      received.add(r);
      Reply reply = responder.apply(r);
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis()); // simulated inference latency on the server side
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client timed out and went away
    } finally {
      inFlight.decrementAndGet();
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
