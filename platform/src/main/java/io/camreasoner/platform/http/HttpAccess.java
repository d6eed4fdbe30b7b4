package io.camreasoner.platform.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Who may use a service's HTTP API: anyone when no credentials are configured (the default, with
 * the API bound to loopback), otherwise only requests carrying a configured bearer token or basic
 * auth credentials. The secrets themselves are never options: options name the environment
 * variables that hold them (as a Kubernetes secret is mounted), so they stay out of command lines,
 * logs and configuration dumps.
 *
 * <p>Requests authenticate with {@code Authorization: Bearer TOKEN}, {@code Authorization: Basic
 * ...}, or, for a browser, by opening any page once with {@code ?token=TOKEN}: the answer sets an
 * HttpOnly, SameSite=Strict cookie that carries the token on the dashboard's own requests and its
 * event stream. Comparisons take the same time whatever the guess.
 */
public final class HttpAccess {

  /** Environment variable holding the bearer token. */
  public static final Setting<String> TOKEN_ENV =
      Setting.variableName(
          "http.auth.token-env",
          "CAMREASONER_HTTP_TOKEN",
          "Name of the environment variable holding the bearer token the HTTP API and dashboard"
              + " require (unset or empty = no token). Clients send 'Authorization: Bearer TOKEN';"
              + " a browser opens the dashboard once as /?token=TOKEN.");

  /** Environment variable holding {@code user:password} for basic auth. */
  public static final Setting<String> BASIC_ENV =
      Setting.variableName(
          "http.auth.basic-env",
          "CAMREASONER_HTTP_BASIC_AUTH",
          "Name of the environment variable holding user:password the HTTP API and dashboard"
              + " require as HTTP basic auth (unset or empty = none; browsers ask for them).");

  /** The settings, for services to include in their group. */
  public static final SettingGroup GROUP = SettingGroup.of("http access", TOKEN_ENV, BASIC_ENV);

  /** Name of the cookie a browser keeps the token in. */
  public static final String COOKIE = "camreasoner_token";

  /** The query parameter a browser passes the token with once. */
  public static final String TOKEN_PARAM = "token";

  /** No credentials required. */
  public static final HttpAccess OPEN = new HttpAccess("", "");

  private static final String REALM = "camreasoner";

  private final byte[] token;
  private final byte[] basic;

  private HttpAccess(String token, String basic) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.basic = basic.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Access with these credentials (empty = that kind not accepted; both empty = open).
   *
   * @param token the bearer token
   * @param basic {@code user:password}
   * @throws IllegalArgumentException when {@code basic} is not {@code user:password}
   */
  public static HttpAccess of(String token, String basic) {
    String t = token == null ? "" : token.trim();
    String b = basic == null ? "" : basic.trim();
    if (!b.isEmpty() && b.indexOf(':') <= 0) {
      throw new IllegalArgumentException("basic-auth credentials must be user:password");
    }
    return t.isEmpty() && b.isEmpty() ? OPEN : new HttpAccess(t, b);
  }

  /**
   * The access a parsed configuration asks for: the credentials in the environment variables its
   * {@link #TOKEN_ENV} and {@link #BASIC_ENV} name.
   *
   * @param env the environment, e.g. {@code System::getenv}
   * @throws IllegalArgumentException naming the variable when its basic-auth value is malformed
   */
  public static HttpAccess of(SettingGroup.Config cfg, Function<String, String> env) {
    return fromVariables(cfg.get(TOKEN_ENV), cfg.get(BASIC_ENV), env);
  }

  /** The access the default variables ask for (for commands without a settings group). */
  public static HttpAccess fromEnvironment(Function<String, String> env) {
    return fromVariables(TOKEN_ENV.defaultText(), BASIC_ENV.defaultText(), env);
  }

  private static HttpAccess fromVariables(
      String tokenVar, String basicVar, Function<String, String> env) {
    String token = tokenVar.isEmpty() ? null : env.apply(tokenVar);
    String basic = basicVar.isEmpty() ? null : env.apply(basicVar);
    try {
      return of(token, basic);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(basicVar + ": " + e.getMessage(), e);
    }
  }

  /** Whether requests must carry credentials. */
  public boolean required() {
    return token.length > 0 || basic.length > 0;
  }

  /** What a request is allowed. */
  public enum Verdict {
    /** Served. */
    ALLOWED,
    /** Served, and the browser should keep the token it passed as a cookie. */
    ALLOWED_KEEP_TOKEN,
    /** Refused with 401. */
    REFUSED
  }

  /**
   * Judges one request.
   *
   * @param authorization its {@code Authorization} header, or null
   * @param cookies its {@code Cookie} header, or null
   * @param tokenParam its {@code ?token=} query parameter, or null
   */
  public Verdict check(String authorization, String cookies, String tokenParam) {
    if (!required()) {
      return Verdict.ALLOWED;
    }
    if (authorization != null) {
      String a = authorization.trim();
      if (token.length > 0 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        if (same(token, a.substring(7).trim())) {
          return Verdict.ALLOWED;
        }
      } else if (basic.length > 0 && a.regionMatches(true, 0, "Basic ", 0, 6)) {
        if (same(basic, decodeBasic(a.substring(6).trim()))) {
          return Verdict.ALLOWED;
        }
      }
    }
    if (token.length > 0) {
      String cookie = cookie(cookies);
      if (cookie != null && same(token, cookie)) {
        return Verdict.ALLOWED;
      }
      if (tokenParam != null && same(token, tokenParam)) {
        return Verdict.ALLOWED_KEEP_TOKEN;
      }
    }
    return Verdict.REFUSED;
  }

  /** The {@code WWW-Authenticate} header of a refusal: basic when accepted (browsers ask). */
  public String challenge() {
    return basic.length > 0
        ? "Basic realm=\"" + REALM + "\", charset=\"UTF-8\""
        : "Bearer realm=\"" + REALM + "\"";
  }

  /** The {@code Set-Cookie} header that keeps the token in a browser. */
  public String keepTokenCookie() {
    return COOKIE
        + "="
        + new String(token, StandardCharsets.UTF_8)
        + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /**
   * The {@code Authorization} header this service sends to its peers (other instances of the same
   * service, configured alike), or empty when access is open.
   */
  public Optional<String> authorization() {
    if (token.length > 0) {
      return Optional.of("Bearer " + new String(token, StandardCharsets.UTF_8));
    }
    if (basic.length > 0) {
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(basic));
    }
    return Optional.empty();
  }

  /**
   * Logs a warning when an API bound to {@code host} is reachable from other machines without
   * credentials (allowed: a reverse proxy may authenticate in front of it).
   */
  public void warnIfOpen(Logger log, String what, String host) {
    if (!required() && !loopback(host)) {
      log.warn(
          "{} on {} is reachable from the network without authentication: set {} or {}",
          what,
          host,
          TOKEN_ENV.defaultText(),
          BASIC_ENV.defaultText());
    }
  }

  /**
   * A filter for a JDK {@code HttpServer} context that answers 401 to refused requests; paths in
   * {@code open} (e.g. a health probe) are always served.
   */
  public Filter filter(Set<String> open) {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (open.contains(exchange.getRequestURI().getPath())) {
          chain.doFilter(exchange);
          return;
        }
        Verdict v =
            check(
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Cookie"),
                queryParam(exchange.getRequestURI().getRawQuery(), TOKEN_PARAM));
        if (v == Verdict.REFUSED) {
          byte[] body = "{\"error\":\"authentication required\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("WWW-Authenticate", challenge());
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(401, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
          return;
        }
        if (v == Verdict.ALLOWED_KEEP_TOKEN) {
          exchange.getResponseHeaders().add("Set-Cookie", keepTokenCookie());
        }
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "camreasoner HTTP access";
      }
    };
  }

  /** Whether {@code host} names a loopback address (unresolvable names count as not). */
  static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean same(byte[] expected, String given) {
    return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeBasic(String encoded) {
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String cookie(String header) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) {
        return p.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  private static String queryParam(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
