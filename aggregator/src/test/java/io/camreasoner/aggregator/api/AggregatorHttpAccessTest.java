package io.camreasoner.aggregator.api;

import static io.camreasoner.aggregator.testing.TestEvents.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.aggregator.testing.InMemoryDirectory;
import io.camreasoner.platform.http.HttpAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query API and dashboard with credentials configured: everything (static dashboard, API, event
 * stream) answers 401 without them, the configured token or basic-auth credentials open it, and a
 * request one instance forwards to the stream's owner carries them.
 */
class AggregatorHttpAccessTest {

  private static final String BASIC =
      "Basic " + Base64.getEncoder().encodeToString("ops:pw".getBytes(StandardCharsets.UTF_8));

  private final HttpClient client = HttpClient.newHttpClient();
  private final InMemoryDirectory local = new InMemoryDirectory();
  private final InMemoryDirectory remote = new InMemoryDirectory();
  private final HttpAccess access = HttpAccess.of("t0ken", "ops:pw");
  private AggregatorHttpServer server;
  private AggregatorHttpServer remoteServer;

  @BeforeEach
  void start() {
    remoteServer = AggregatorHttpServer.start(remote, new TimelineFeed(), "127.0.0.1", 0, access);
    server = AggregatorHttpServer.start(local, new TimelineFeed(), "127.0.0.1", 0, access);
    local.fold(window("cam-1", 0, 0, 0, 0.9, "pan-left"));
    remote.fold(window("cam-2", 0, 0, 0, 0.9, "tilt-up"));
    local.ownedElsewhere("cam-2", "127.0.0.1:" + remoteServer.port());
  }

  @AfterEach
  void stop() {
    server.close();
    remoteServer.close();
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldRefuseTheApiTheDashboardAndTheEventStreamWhenNoCredentialsAreSent() throws Exception {
    for (String path : new String[] {"/", "/index.html", "/api/streams", "/api/streams/cam-1"}) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).contains(access.challenge());
      assertThat(r.body()).as(path).doesNotContain("cam-1").doesNotContain("<html");
    }
    HttpResponse<String> events =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/events"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(events.statusCode()).isEqualTo(401);
    assertThat(get("/api/streams", "Bearer wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void shouldServeWithTheTokenOrBasicAuthAndForwardWithThemWhenTheyAreConfigured()
      throws Exception {
    HttpResponse<String> bearer = get("/api/streams", "Bearer t0ken");
    HttpResponse<String> basic = get("/api/streams/cam-1", BASIC);
    HttpResponse<String> forwarded = get("/api/streams/cam-2", "Bearer t0ken");
    HttpResponse<String> dashboard = get("/", BASIC);

    // the listing includes the other instance's stream: its request carried credentials too
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(bearer.body()).contains("\"cam-1\"").contains("\"cam-2\"");
    assertThat(basic.statusCode()).isEqualTo(200);
    assertThat(basic.body()).contains("pan-left");
    assertThat(forwarded.statusCode()).isEqualTo(200);
    assertThat(forwarded.headers().firstValue("X-Served-By"))
        .contains("127.0.0.1:" + remoteServer.port());
    assertThat(forwarded.body()).contains("tilt-up");
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.body()).contains("<html");
  }

  @Test
  void shouldKeepTheTokenAsACookieWhenABrowserOpensThePageWithIt() throws Exception {
    HttpResponse<String> first = get("/?token=t0ken", null);
    String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();

    HttpResponse<String> next =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/streams/cam-1"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.body()).contains("pan-left");
  }
}
