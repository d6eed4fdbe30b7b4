package io.camreasoner.worker.backend.vlm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the vlm backend, resolved from configuration (the {@code vlm.*} options).
 *
 * @param endpoint full URL of the chat-completions endpoint, e.g. {@code
 *     http://gpu-host:8000/v1/chat/completions}
 * @param model the served model name sent as {@code model}
 * @param apiKey bearer token read from the environment variable named in config; empty for none
 * @param mode how to ask (one multiple-choice question, or yes/no per primitive)
 * @param maxTokens {@code max_tokens} of each request
 * @param maxImages at most this many frames of a window are sent (evenly sub-sampled)
 * @param requestTimeout timeout of one HTTP request
 * @param maxRetries retries after the first attempt on 429, 5xx, timeouts and I/O errors
 * @param retryBackoff first back-off delay, doubled on each retry
 * @param maxConcurrency requests in flight at once, over all processing threads
 * @param input how the frames are sent: images, or one video
 * @param logprobs whether to ask for token log probabilities (the answer's confidence)
 */
public record VlmSettings(
    URI endpoint,
    String model,
    String apiKey,
    PromptMode mode,
    int maxTokens,
    int maxImages,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBackoff,
    int maxConcurrency,
    FrameInput input,
    boolean logprobs) {

  public VlmSettings {
    Objects.requireNonNull(endpoint, "vlm.url");
    Objects.requireNonNull(model, "vlm.model");
    apiKey = apiKey == null ? "" : apiKey;
    Objects.requireNonNull(mode, "vlm.prompt.mode");
    requirePositive("vlm.max-tokens", maxTokens);
    requirePositive("vlm.max-images", maxImages);
    requirePositive("vlm.max-concurrency", maxConcurrency);
    Objects.requireNonNull(input, "vlm.input");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("vlm.max-retries must be >= 0, was " + maxRetries);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("vlm.timeout must be positive, was " + requestTimeout);
    }
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }

  @Override
  public String toString() {
    // never print the key
    return "VlmSettings[endpoint="
        + endpoint
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isEmpty() ? "none" : "***")
        + ", mode="
        + mode.configValue()
        + "]";
  }
}
