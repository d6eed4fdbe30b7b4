package io.camreasoner.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
  private static final Schema THING_V1 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
  private static final Schema THING_V2 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                  + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}]}");

  private EmbeddedSchemaRegistry registry;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = EmbeddedSchemaRegistry.builder().inMemory().build().start();
    client = RestSchemaRegistryClient.forUrl(registry.url());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldRegisterAndReturnSameIdWhenSchemaIsRegisteredAgain() {
    int id = client.register("things-value", THING_V1);
    assertThat(RestSchemaRegistryClient.forUrl(registry.url()).register("things-value", THING_V1))
        .isEqualTo(id);
    // the same schema under another subject shares the global id
    assertThat(RestSchemaRegistryClient.forUrl(registry.url()).register("other-value", THING_V1))
        .isEqualTo(id);
  }

  @Test
  void shouldLookUpRegisteredSchemaWithVersionAndId() {
    int id = client.register("things-value", THING_V1);
    client.register("things-value", THING_V2);
    RegisteredSchema found =
        RestSchemaRegistryClient.forUrl(registry.url()).lookup("things-value", THING_V1);
    assertThat(found).isEqualTo(new RegisteredSchema("things-value", 1, id, THING_V1));
    assertThatThrownBy(() -> client.lookup("things-value", MotionEvent.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .hasMessageContaining("things-value")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> client.lookup("nobody-value", THING_V1))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
  }

  @Test
  void shouldGetSchemaByIdAndFailWithNotFoundForUnknownId() {
    int id = client.register("keys-key", ShotKey.getClassSchema());
    assertThat(RestSchemaRegistryClient.forUrl(registry.url()).getById(id))
        .isEqualTo(ShotKey.getClassSchema());
    assertThatThrownBy(() -> client.getById(9999))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .hasMessageContaining("9999")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
  }

  @Test
  void shouldReturnLatestAndNumberedVersionsAndListSubjects() {
    client.register("things-value", THING_V1);
    int id2 = client.register("things-value", THING_V2);
    client.register("keys-key", ShotKey.getClassSchema());
    assertThat(client.latest("things-value"))
        .isEqualTo(new RegisteredSchema("things-value", 2, id2, THING_V2));
    assertThat(client.version("things-value", 1).schema()).isEqualTo(THING_V1);
    assertThat(client.subjects()).containsExactly("keys-key", "things-value");
    assertThatThrownBy(() -> client.version("things-value", 7))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40402));
    assertThatThrownBy(() -> client.latest("missing-value"))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .hasMessageContaining("missing-value")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
  }

  @Test
  void shouldTestCompatibilityByTheSubjectsLevel() {
    client.register("things-value", THING_V2);
    // dropping field b is fine for BACKWARD (new reader ignores it) ...
    assertThat(client.isCompatible("things-value", THING_V1)).isTrue();
    // ... but not for FORWARD, where the old schema must read the new one's data: b has a default,
    // so it can
    client.setCompatibility("things-value", CompatibilityLevel.FORWARD);
    assertThat(client.isCompatible("things-value", THING_V1)).isTrue();
    Schema bIsInt =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                    + "{\"name\":\"b\",\"type\":\"int\"}]}");
    assertThat(client.isCompatible("things-value", bIsInt)).isFalse();
    // a subject without versions accepts anything
    assertThat(client.isCompatible("fresh-value", bIsInt)).isTrue();
  }

  @Test
  void shouldGetAndPutGlobalAndSubjectConfig() {
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(client.compatibility("things-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    client.setCompatibility("things-value", CompatibilityLevel.FULL_TRANSITIVE);
    client.setGlobalCompatibility(CompatibilityLevel.NONE);
    assertThat(client.compatibility("things-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.compatibility("other-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.NONE);
  }

  @Test
  void shouldAnswer422WithCode42201WhenServerGetsInvalidSchema() throws Exception {
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(registry.url() + "/subjects/things-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"schema\":\"{\\\"type\\\":\\\"recordz\\\"}\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(422);
    assertThat(answer.body()).contains("\"error_code\":42201").contains("Invalid schema");
  }

  @Test
  void shouldMap422AnswerToInvalidExceptionNamingSubject() throws Exception {
    HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    refusing.createContext(
        "/",
        exchange -> {
          byte[] body =
              "{\"error_code\":42201,\"message\":\"Invalid schema: unknown type\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(422, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    refusing.start();
    try {
      RestSchemaRegistryClient c =
          RestSchemaRegistryClient.forUrl("http://127.0.0.1:" + refusing.getAddress().getPort());
      assertThatThrownBy(() -> c.register("things-value", THING_V1))
          .isInstanceOf(SchemaRegistryException.Invalid.class)
          .hasMessageContaining("things-value")
          .hasMessageContaining("Invalid schema: unknown type")
          .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(42201))
          .satisfies(e -> assertThat(((SchemaRegistryException) e).isRetriable()).isFalse());
    } finally {
      refusing.stop(0);
    }
  }

  @Test
  void shouldSendBasicAuthAndFailClearlyWithoutIt() throws Exception {
    try (EmbeddedSchemaRegistry secured =
        EmbeddedSchemaRegistry.builder().inMemory().basicAuth("svc:s3cret").build().start()) {
      RestSchemaRegistryClient anonymous = RestSchemaRegistryClient.forUrl(secured.url());
      assertThatThrownBy(() -> anonymous.register("things-value", THING_V1))
          .isInstanceOf(SchemaRegistryException.Unauthorized.class)
          .hasMessageContaining("401")
          .hasMessageContaining("things-value");
      RestSchemaRegistryClient authed =
          new RestSchemaRegistryClient(
              RegistryClientConfig.of(secured.url()).withBasicAuth("svc:s3cret"));
      assertThat(authed.register("things-value", THING_V1)).isPositive();
    }
  }

  @Test
  void shouldRetryWithBackoffWhenRegistryAnswers5xxThenSucceed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    flaky.createContext(
        "/",
        exchange -> {
          int n = calls.incrementAndGet();
          byte[] body =
              (n <= 2 ? "{\"error_code\":50001,\"message\":\"store not ready\"}" : "{\"id\":17}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(n <= 2 ? 503 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    flaky.start();
    try {
      String url = "http://127.0.0.1:" + flaky.getAddress().getPort();
      RestSchemaRegistryClient retrying =
          new RestSchemaRegistryClient(
              RegistryClientConfig.of(url).withRetries(3, Duration.ofMillis(5)));
      assertThat(retrying.register("things-value", THING_V1)).isEqualTo(17);
      assertThat(calls).hasValue(3);

      calls.set(-10); // now it fails more often than the client retries
      RestSchemaRegistryClient impatient =
          new RestSchemaRegistryClient(
              RegistryClientConfig.of(url).withRetries(1, Duration.ofMillis(5)));
      assertThatThrownBy(() -> impatient.register("others-value", THING_V1))
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("503")
          .hasMessageContaining("store not ready")
          .satisfies(e -> assertThat(((SchemaRegistryException) e).isRetriable()).isTrue());
      assertThat(calls).hasValue(-8);
    } finally {
      flaky.stop(0);
    }
  }

  @Test
  void shouldReportUnreachableRegistryAfterRetries() {
    RestSchemaRegistryClient nowhere =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of("http://127.0.0.1:1").withRetries(1, Duration.ofMillis(1)));
    assertThatThrownBy(() -> nowhere.getById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("cannot reach http://127.0.0.1:1")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(-1));
  }
}
