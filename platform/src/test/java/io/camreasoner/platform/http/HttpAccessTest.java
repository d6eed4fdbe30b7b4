package io.camreasoner.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.camreasoner.platform.http.HttpAccess.Verdict;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpAccessTest {

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldAllowEveryRequestWhenNoCredentialsAreConfigured() {
    HttpAccess open = HttpAccess.fromEnvironment(Map.<String, String>of()::get);

    assertThat(open.required()).isFalse();
    assertThat(open.check(null, null, null)).isEqualTo(Verdict.ALLOWED);
    assertThat(open.authorization()).isEmpty();
  }

  @Test
  void shouldAcceptTheTokenAsBearerCookieOrOnceAsParameterWhenATokenIsConfigured() {
    HttpAccess access =
        HttpAccess.fromEnvironment(Map.of("CAMREASONER_HTTP_TOKEN", "s3cret-token")::get);

    assertThat(access.required()).isTrue();
    assertThat(access.check("Bearer s3cret-token", null, null)).isEqualTo(Verdict.ALLOWED);
    assertThat(access.check("bearer s3cret-token", null, null)).isEqualTo(Verdict.ALLOWED);
    assertThat(access.check(null, "theme=dark; camreasoner_token=s3cret-token", null))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(access.check(null, null, "s3cret-token")).isEqualTo(Verdict.ALLOWED_KEEP_TOKEN);
    assertThat(access.keepTokenCookie())
        .isEqualTo("camreasoner_token=s3cret-token; Path=/; HttpOnly; SameSite=Strict");
    assertThat(access.authorization()).contains("Bearer s3cret-token");
    assertThat(access.challenge()).startsWith("Bearer ");
  }

  @Test
  void shouldRefuseMissingOrWrongCredentialsWhenAccessIsRequired() {
    HttpAccess access = HttpAccess.of("s3cret-token", "");

    assertThat(access.check(null, null, null)).isEqualTo(Verdict.REFUSED);
    assertThat(access.check("Bearer s3cret-tokeN", null, null)).isEqualTo(Verdict.REFUSED);
    assertThat(access.check("Bearer s3cret-token-and-more", null, null)).isEqualTo(Verdict.REFUSED);
    assertThat(access.check(basic("s3cret-token:x"), null, null)).isEqualTo(Verdict.REFUSED);
    assertThat(access.check(null, "camreasoner_token=guess", "other")).isEqualTo(Verdict.REFUSED);
  }

  @Test
  void shouldAcceptBasicAuthAndChallengeForItWhenBasicCredentialsAreConfigured() {
    HttpAccess access =
        HttpAccess.fromEnvironment(Map.of("CAMREASONER_HTTP_BASIC_AUTH", "editor:pa:ss")::get);

    assertThat(access.check(basic("editor:pa:ss"), null, null)).isEqualTo(Verdict.ALLOWED);
    assertThat(access.check(basic("editor:wrong"), null, null)).isEqualTo(Verdict.REFUSED);
    assertThat(access.check("Basic not-base64!", null, null)).isEqualTo(Verdict.REFUSED);
    assertThat(access.check(null, null, "editor:pa:ss")).isEqualTo(Verdict.REFUSED);
    assertThat(access.challenge()).isEqualTo("Basic realm=\"camreasoner\", charset=\"UTF-8\"");
    assertThat(access.authorization()).contains(basic("editor:pa:ss"));
  }

  @Test
  void shouldNameTheVariableWhenBasicCredentialsAreMalformed() {
    assertThatThrownBy(
            () ->
                HttpAccess.fromEnvironment(
                    Map.of("CAMREASONER_HTTP_BASIC_AUTH", "no-colon-here")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CAMREASONER_HTTP_BASIC_AUTH: basic-auth credentials must be user:password");
  }

  @Test
  void shouldReadTheVariablesTheOptionsNameWhenTheyAreRenamed() {
    var cfg =
        HttpAccess.GROUP.parse(
            Map.of("http.auth.token-env", "DASHBOARD_TOKEN", "http.auth.basic-env", ""),
            name -> null);

    HttpAccess access = HttpAccess.of(cfg, Map.of("DASHBOARD_TOKEN", "t0ken")::get);

    assertThat(access.check("Bearer t0ken", null, null)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void shouldAnswer401ExceptOnOpenPathsWhenAJdkServerIsFiltered() throws Exception {
    HttpAccess access = HttpAccess.of("t0ken", "");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String path : new String[] {"/sources", "/health"}) {
      server
          .createContext(
              path,
              exchange -> {
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
              })
          .getFilters()
          .add(access.filter(Set.of("/health")));
    }
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      HttpResponse<String> refused =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/sources")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> allowed =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/sources"))
                  .header("Authorization", "Bearer t0ken")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> kept =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/sources?token=t0ken")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).contains(access.challenge());
      assertThat(refused.body()).isEqualTo("{\"error\":\"authentication required\"}");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("ok");
      assertThat(kept.statusCode()).isEqualTo(200);
      assertThat(kept.headers().firstValue("Set-Cookie")).contains(access.keepTokenCookie());
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldTellLoopbackFromOpenAddresses() {
    assertThat(HttpAccess.loopback("127.0.0.1")).isTrue();
    assertThat(HttpAccess.loopback("localhost")).isTrue();
    assertThat(HttpAccess.loopback("::1")).isTrue();
    assertThat(HttpAccess.loopback("0.0.0.0")).isFalse();
  }
}
