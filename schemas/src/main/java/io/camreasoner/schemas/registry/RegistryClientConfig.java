package io.camreasoner.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to reach a schema registry: its URL, optional basic-auth credentials and TLS context,
 * timeouts and the retry policy for 5xx answers and I/O errors (exponential back-off, bounded).
 *
 * @param url base URL, e.g. {@code http://localhost:8081}
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param sslContext TLS context for {@code https} URLs (trust store, client key), or null for the
 *     JVM's
 * @param requestTimeout timeout of one HTTP request
 * @param maxRetries how many times a retriable failure is retried before it is reported
 * @param initialBackoff back-off before the first retry; doubled each time
 */
public record RegistryClientConfig(
    URI url,
    String basicAuthUserInfo,
    SSLContext sslContext,
    Duration requestTimeout,
    int maxRetries,
    Duration initialBackoff) {

  /** Validates the fields. */
  public RegistryClientConfig {
    Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException(
          "schema registry URL must be http:// or https://, got '" + url + "'");
    }
    if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
      throw new IllegalArgumentException("basic auth user info must be 'user:password'");
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
  }

  /** Defaults for a URL: no auth, JVM TLS, 10 s requests, 3 retries starting at 100 ms. */
  public static RegistryClientConfig of(String url) {
    return new RegistryClientConfig(
        URI.create(stripTrailingSlash(url)),
        null,
        null,
        Duration.ofSeconds(10),
        3,
        Duration.ofMillis(100));
  }

  /** The same config with basic-auth credentials ({@code user:password}). */
  public RegistryClientConfig withBasicAuth(String userInfo) {
    return new RegistryClientConfig(
        url, userInfo, sslContext, requestTimeout, maxRetries, initialBackoff);
  }

  /** The same config with a TLS context. */
  public RegistryClientConfig withSslContext(SSLContext context) {
    return new RegistryClientConfig(
        url, basicAuthUserInfo, context, requestTimeout, maxRetries, initialBackoff);
  }

  /** The same config with another retry policy. */
  public RegistryClientConfig withRetries(int retries, Duration backoff) {
    return new RegistryClientConfig(
        url, basicAuthUserInfo, sslContext, requestTimeout, retries, backoff);
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
