package io.camreasoner.worker.backend.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camreasoner.worker.backend.BackendException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of an OpenAI-compatible {@code /v1/chat/completions} endpoint (vLLM, SGLang,
 * TensorRT-LLM's server), shared by every vlm backend instance of a worker: it bounds the requests
 * in flight with one semaphore, times each request out, and retries 429, 5xx, timeouts and I/O
 * errors with exponential back-off (honouring {@code Retry-After}). Other 4xx answers and
 * unreadable bodies fail at once. Thread-safe.
 */
public final class ChatCompletionsClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Alternatives asked for at each token: enough to see the competing option letters. */
  static final int TOP_LOGPROBS = 5;

  private final VlmSettings settings;
  private final HttpClient http;
  private final Semaphore inFlight;
  private final ExecutorService callers;

  /** A request: the parts of one user message, in order. */
  public record ChatRequest(List<Part> parts) {
    public ChatRequest {
      parts = List.copyOf(parts);
    }
  }

  /** What a part of a user message is. */
  public enum Kind {
    /** Text. */
    TEXT,
    /** A JPEG image, sent as an {@code image_url} part. */
    JPEG,
    /** An MP4 video, sent as a {@code video_url} part. */
    MP4
  }

  /** One part of a user message: text, a JPEG image or an MP4 video. */
  public record Part(Kind kind, String text, byte[] data) {
    /** A text part. */
    public static Part text(String text) {
      return new Part(Kind.TEXT, text, null);
    }

    /** An image part, sent as a {@code data:image/jpeg;base64,…} URL. */
    public static Part jpeg(byte[] jpeg) {
      return new Part(Kind.JPEG, null, jpeg);
    }

    /** A video part, sent as a {@code data:video/mp4;base64,…} URL. */
    public static Part video(byte[] mp4) {
      return new Part(Kind.MP4, null, mp4);
    }
  }

  /**
   * One generated token with its log probability and the most likely alternatives at its position
   * (OpenAI's {@code logprobs.content[]}).
   *
   * @param top the alternatives' log probabilities by token text (the token itself included)
   */
  public record TokenLogprob(String token, double logprob, Map<String, Double> top) {
    public TokenLogprob {
      top = Map.copyOf(top);
    }
  }

  /**
   * An assistant reply: its text and, when the server returned them, the log probabilities of its
   * tokens (empty otherwise).
   */
  public record ChatReply(String text, List<TokenLogprob> tokens) {
    public ChatReply {
      tokens = List.copyOf(tokens);
    }
  }

  public ChatCompletionsClient(VlmSettings settings) {
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.inFlight = new Semaphore(settings.maxConcurrency(), true);
    AtomicInteger n = new AtomicInteger();
    this.callers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "vlm-call-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The settings the client was built with. */
  public VlmSettings settings() {
    return settings;
  }

  /**
   * Sends the requests concurrently (at most {@code vlm.max-concurrency} in flight over the whole
   * client) and returns the assistant replies in the same order.
   *
   * @throws BackendException for the first request that failed for good; {@link
   *     BackendException#windowIndex()} is its index in {@code requests}
   */
  public List<ChatReply> completeAll(List<ChatRequest> requests) throws BackendException {
    List<CompletableFuture<ChatReply>> futures = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      int index = i;
      ChatRequest r = requests.get(i);
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return complete(r);
                } catch (BackendException e) {
                  throw new CompletionException(
                      new BackendException(e.getMessage(), e.retriable(), index, e.getCause()));
                }
              },
              callers));
    }
    List<ChatReply> out = new ArrayList<>(requests.size());
    BackendException first = null;
    for (CompletableFuture<ChatReply> f : futures) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        if (first == null) {
          first =
              e.getCause() instanceof BackendException be
                  ? be
                  : BackendException.ofBatch(
                      "vlm call failed: " + e.getCause(), false, e.getCause());
        }
        out.add(null);
      }
    }
    if (first != null) {
      throw first;
    }
    return out;
  }

  /** Sends one request, retrying transient failures, and returns the assistant reply. */
  public ChatReply complete(ChatRequest request) throws BackendException {
    byte[] body = requestBody(request);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(settings.endpoint())
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!settings.apiKey().isEmpty()) {
      b.header("Authorization", "Bearer " + settings.apiKey());
    }
    HttpRequest httpRequest = b.build();
    String lastFailure = "";
    for (int attempt = 0; ; attempt++) {
      Duration wait;
      try {
        HttpResponse<String> response = send(httpRequest);
        int status = response.statusCode();
        if (status == 200) {
          return reply(response.body());
        }
        lastFailure = "HTTP " + status + " " + abbreviate(response.body());
        if (status != 429 && status < 500) {
          throw BackendException.ofBatch(
              "vlm endpoint " + settings.endpoint() + " refused the request: " + lastFailure,
              false,
              null);
        }
        wait = backoff(attempt, response.headers().firstValue("Retry-After").orElse(null));
      } catch (HttpTimeoutException e) {
        lastFailure = "timed out after " + settings.requestTimeout().toMillis() + " ms";
        wait = backoff(attempt, null);
      } catch (IOException e) {
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        wait = backoff(attempt, null);
      }
      if (attempt >= settings.maxRetries()) {
        throw BackendException.ofBatch(
            "vlm endpoint "
                + settings.endpoint()
                + " failed "
                + (attempt + 1)
                + " time(s), last: "
                + lastFailure,
            true,
            null);
      }
      LOG.warn(
          "vlm call to {} failed ({}), retry {}/{} in {} ms",
          settings.endpoint(),
          lastFailure,
          attempt + 1,
          settings.maxRetries(),
          wait.toMillis());
      sleep(wait);
    }
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, BackendException {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.ofBatch("interrupted waiting for a vlm call slot", true, e);
    }
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.ofBatch("interrupted during a vlm call", true, e);
    } finally {
      inFlight.release();
    }
  }

  private Duration backoff(int attempt, String retryAfter) {
    if (retryAfter != null) {
      try {
        Duration d = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
      } catch (NumberFormatException ignored) {
        // an HTTP date: fall back to our own back-off
      }
    }
    Duration d = settings.retryBackoff().multipliedBy(1L << Math.min(attempt, 16));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private static void sleep(Duration d) throws BackendException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.ofBatch("interrupted during vlm retry back-off", true, e);
    }
  }

  /** The JSON body of a chat-completions request (package-private for tests). */
  byte[] requestBody(ChatRequest request) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", settings.model());
    root.put("max_tokens", settings.maxTokens());
    root.put("temperature", 0);
    if (settings.logprobs()) {
      // the answer letter's probability is the reply's confidence
      root.put("logprobs", true);
      root.put("top_logprobs", TOP_LOGPROBS);
    }
    ArrayNode messages = root.putArray("messages");
    ObjectNode user = messages.addObject();
    user.put("role", "user");
    ArrayNode content = user.putArray("content");
    for (Part p : request.parts()) {
      ObjectNode part = content.addObject();
      switch (p.kind()) {
        case TEXT -> {
          part.put("type", "text");
          part.put("text", p.text());
        }
        case JPEG -> {
          part.put("type", "image_url");
          part.putObject("image_url").put("url", dataUrl("image/jpeg", p.data()));
        }
        case MP4 -> {
          part.put("type", "video_url");
          part.putObject("video_url").put("url", dataUrl("video/mp4", p.data()));
        }
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a chat-completions request", e);
    }
  }

  private static String dataUrl(String type, byte[] data) {
    return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(data);
  }

  private ChatReply reply(String body) throws BackendException {
    JsonNode choice;
    try {
      choice = JSON.readTree(body).path("choices").path(0);
    } catch (IOException e) {
      throw BackendException.ofBatch(
          "vlm endpoint "
              + settings.endpoint()
              + " answered 200 with a body that is not JSON: "
              + abbreviate(body),
          false,
          e);
    }
    JsonNode content = choice.path("message").path("content");
    List<TokenLogprob> tokens = logprobs(choice.path("logprobs").path("content"));
    if (content.isTextual()) {
      return new ChatReply(content.asText(), tokens);
    }
    if (content.isArray()) { // content parts
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          sb.append(part.path("text").asText());
        }
      }
      return new ChatReply(sb.toString(), tokens);
    }
    throw BackendException.ofBatch(
        "vlm endpoint "
            + settings.endpoint()
            + " answered without choices[0].message.content: "
            + abbreviate(body),
        false,
        null);
  }

  /**
   * The tokens of OpenAI's {@code logprobs.content}; entries that are not well-formed are skipped
   * (a server without log probabilities gives none).
   */
  private static List<TokenLogprob> logprobs(JsonNode content) {
    List<TokenLogprob> out = new ArrayList<>();
    if (!content.isArray()) {
      return out;
    }
    for (JsonNode t : content) {
      if (!t.path("token").isTextual() || !t.path("logprob").isNumber()) {
        continue;
      }
      Map<String, Double> top = new LinkedHashMap<>();
      for (JsonNode alt : t.path("top_logprobs")) {
        if (alt.path("token").isTextual() && alt.path("logprob").isNumber()) {
          top.putIfAbsent(alt.path("token").asText(), alt.path("logprob").asDouble());
        }
      }
      top.putIfAbsent(t.path("token").asText(), t.path("logprob").asDouble());
      out.add(new TokenLogprob(t.path("token").asText(), t.path("logprob").asDouble(), top));
    }
    return out;
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }

  @Override
  public void close() {
    callers.shutdownNow();
  }
}
