package io.camreasoner.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API ({@code
 * application/vnd.schemaregistry.v1+json}), with basic auth, TLS, caches of ids and schemas, and
 * retries with exponential back-off on 5xx answers and I/O errors. Hand-written because Confluent's
 * client is not served by the Maven repository this project builds from.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

  /** Creates a client; no call is made until the first request. */
  public RestSchemaRegistryClient(RegistryClientConfig config) {
    this.config = config;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .version(HttpClient.Version.HTTP_1_1);
    if (config.sslContext() != null) {
      builder.sslContext(config.sslContext());
    }
    this.http = builder.build();
  }

  /** A client with default settings for a registry URL. */
  public static RestSchemaRegistryClient forUrl(String url) {
    return new RestSchemaRegistryClient(RegistryClientConfig.of(url));
  }

  /** The registry's base URL. */
  public URI url() {
    return config.url();
  }

  @Override
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> known =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = known.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer =
        call(
            "register schema",
            subject,
            "POST",
            "/subjects/" + enc(subject) + "/versions",
            schemaBody(schema));
    int id = answer.path("id").asInt();
    known.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    JsonNode answer =
        call("look up schema", subject, "POST", "/subjects/" + enc(subject), schemaBody(schema));
    RegisteredSchema found = registered(answer, subject);
    idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, found.id());
    return found;
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("get schema by id " + id, null, "GET", "/schemas/ids/" + id, null);
    Schema schema = parse(answer.path("schema").asText(), null);
    schemasById.putIfAbsent(id, schema);
    return schemasById.get(id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return registered(
        call(
            "get latest version",
            subject,
            "GET",
            "/subjects/" + enc(subject) + "/versions/latest",
            null),
        subject);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registered(
        call(
            "get version " + version,
            subject,
            "GET",
            "/subjects/" + enc(subject) + "/versions/" + version,
            null),
        subject);
  }

  @Override
  public List<String> subjects() {
    JsonNode answer = call("list subjects", null, "GET", "/subjects", null);
    List<String> subjects = new ArrayList<>();
    answer.forEach(n -> subjects.add(n.asText()));
    subjects.sort(null);
    return subjects;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    JsonNode answer =
        call(
            "test compatibility",
            subject,
            "POST",
            "/compatibility/subjects/" + enc(subject) + "/versions/latest",
            schemaBody(schema));
    return answer.path("is_compatible").asBoolean(false);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return level(call("get global config", null, "GET", "/config", null));
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    call("set global config", null, "PUT", "/config", levelBody(level));
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    return level(
        call(
            "get subject config",
            subject,
            "GET",
            "/config/" + enc(subject) + "?defaultToGlobal=true",
            null));
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    call("set subject config", subject, "PUT", "/config/" + enc(subject), levelBody(level));
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads are daemons.
  }

  private String schemaBody(Schema schema) {
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private String levelBody(CompatibilityLevel level) {
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level.name());
    return body.toString();
  }

  private RegisteredSchema registered(JsonNode node, String subject) {
    int id = node.path("id").asInt();
    Schema schema =
        schemasById.computeIfAbsent(id, i -> parse(node.path("schema").asText(), subject));
    return new RegisteredSchema(
        node.path("subject").asText(subject), node.path("version").asInt(), id, schema);
  }

  private static CompatibilityLevel level(JsonNode node) {
    JsonNode level =
        node.has("compatibilityLevel") ? node.get("compatibilityLevel") : node.get("compatibility");
    return CompatibilityLevel.parse(level == null ? null : level.asText());
  }

  private static Schema parse(String text, String subject) {
    try {
      return new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(
          "registry returned a schema that does not parse"
              + (subject == null ? "" : " for subject '" + subject + "'")
              + ": "
              + e.getMessage(),
          200,
          0,
          subject,
          e);
    }
  }

  private static String enc(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One REST call with the retry policy: retriable failures are retried with doubling back-off. */
  private JsonNode call(String what, String subject, String method, String path, String body) {
    long backoff = config.initialBackoff().toMillis();
    for (int attempt = 0; ; attempt++) {
      try {
        return callOnce(what, subject, method, path, body);
      } catch (SchemaRegistryException e) {
        if (!e.isRetriable() || attempt >= config.maxRetries()) {
          throw e;
        }
        LOG.warn(
            "schema registry {} {}: {} (retry {}/{} in {} ms)",
            what,
            subject == null ? "" : "for '" + subject + "'",
            e.getMessage(),
            attempt + 1,
            config.maxRetries(),
            backoff);
        sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private JsonNode callOnce(String what, String subject, String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(config.url() + path))
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    if (config.basicAuthUserInfo() != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryException(
          what + describe(subject) + " failed: cannot reach " + config.url() + " (" + e + ")",
          -1,
          -1,
          subject,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          what + describe(subject) + " interrupted", -1, -1, subject, e);
    }
    int status = response.statusCode();
    JsonNode answer = readJson(response.body());
    if (status >= 200 && status < 300) {
      return answer;
    }
    int code = answer.path("error_code").asInt(status);
    String reason = answer.path("message").asText(response.body());
    throw SchemaRegistryException.of(
        what + describe(subject) + " failed: HTTP " + status + " error " + code + ": " + reason,
        status,
        code,
        subject);
  }

  private JsonNode readJson(String text) {
    if (text == null || text.isBlank()) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return json.createObjectNode().put("message", text);
    }
  }

  private static String describe(String subject) {
    return subject == null ? "" : " for subject '" + subject + "'";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while backing off", -1, -1, null, e);
    }
  }
}
