package io.camreasoner.schemas.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.registry.CompatibilityLevel;
import io.camreasoner.schemas.registry.RegisteredSchema;
import io.camreasoner.schemas.registry.TlsStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks the Confluent Schema Registry REST API for the calls this project
 * makes (register, lookup, get by id, versions, compatibility test, global and subject config, list
 * subjects), with Confluent's status and error codes, compatibility checked by Avro's {@code
 * SchemaCompatibility} (BACKWARD by default) and entries durable in a compacted Kafka topic. Bound
 * to 127.0.0.1 on a free port unless told otherwise; optional HTTPS and HTTP basic auth.
 *
 * <p>Lifecycle: {@link #start()} reads the store and opens the port; {@link #close()} stops serving
 * and closes the store.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final String host;
  private final int requestedPort;
  private final Supplier<SchemaStore> storeFactory;
  private final String basicAuthUserInfo;
  private final SSLContext tls;
  private final ObjectMapper json = new ObjectMapper();

  private SchemaStore store;
  private RegistryState state;
  private HttpServer server;
  private ExecutorService executor;

  private EmbeddedSchemaRegistry(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.storeFactory = Objects.requireNonNull(b.storeFactory, "choose inMemory() or kafka(...)");
    this.basicAuthUserInfo = b.basicAuthUserInfo;
    this.tls = b.tls;
  }

  /** Starts building a registry. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads the store and starts serving; returns this for chaining. */
  public synchronized EmbeddedSchemaRegistry start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("registry already started at " + url());
    }
    long started = System.nanoTime();
    store = storeFactory.get();
    state = new RegistryState(store);
    if (tls != null) {
      HttpsServer https = HttpsServer.create(new InetSocketAddress(host, requestedPort), 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    } else {
      server = HttpServer.create(new InetSocketAddress(host, requestedPort), 64);
    }
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    LOG.info(
        "schema registry listening on {} ({} schemas from {}, ready in {} ms)",
        url(),
        state.schemaCount(),
        store.describe(),
        (System.nanoTime() - started) / 1_000_000);
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public synchronized String url() {
    if (server == null) {
      throw new IllegalStateException("registry not started");
    }
    return (tls != null ? "https://" : "http://") + host + ":" + server.getAddress().getPort();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      Object body;
      try {
        checkAuth(exchange);
        body = route(exchange);
      } catch (RegistryError e) {
        status = e.status;
        body = error(e.errorCode, e.getMessage());
      } catch (IllegalStateException e) {
        LOG.error("schema registry store failure: {}", e.getMessage());
        status = 500;
        body = error(50001, "Error in the backend data store: " + e.getMessage());
      }
      byte[] bytes = json.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void checkAuth(HttpExchange exchange) {
    if (basicAuthUserInfo == null) {
      return;
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    if (given == null
        || !MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"schema-registry\"");
      throw new RegistryError(401, 40101, "Unauthorized: valid basic-auth credentials required");
    }
  }

  private Object route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    URI uri = exchange.getRequestURI();
    String[] parts = pathParts(uri);
    Map<String, String> query = query(uri);
    // GET / : liveness, like Confluent's
    if (parts.length == 0) {
      return json.createObjectNode();
    }
    switch (parts[0]) {
      case "subjects" -> {
        if (parts.length == 1 && method.equals("GET")) {
          ArrayNode subjects = json.createArrayNode();
          state.subjects().forEach(subjects::add);
          return subjects;
        }
        String subject = parts[1];
        if (parts.length == 2 && method.equals("POST")) {
          return describe(state.lookup(subject, schemaOf(exchange)));
        }
        if (parts.length == 3 && parts[2].equals("versions")) {
          if (method.equals("POST")) {
            return json.createObjectNode()
                .put("id", state.register(subject, schemaOf(exchange)).id());
          }
          if (method.equals("GET")) {
            ArrayNode versions = json.createArrayNode();
            state.versions(subject).forEach(versions::add);
            return versions;
          }
        }
        if (parts.length == 4 && parts[2].equals("versions") && method.equals("GET")) {
          return describe(state.version(subject, parts[3]));
        }
        if (parts.length == 5 && parts[2].equals("versions") && parts[4].equals("schema")) {
          return json.readTree(state.version(subject, parts[3]).schema().toString());
        }
      }
      case "schemas" -> {
        if (parts.length >= 3 && parts[1].equals("ids") && method.equals("GET")) {
          int id = parseId(parts[2]);
          return json.createObjectNode().put("schema", state.byId(id).toString());
        }
      }
      case "compatibility" -> {
        if (parts.length == 5
            && parts[1].equals("subjects")
            && parts[3].equals("versions")
            && method.equals("POST")) {
          String subject = parts[2];
          String schemaText = schemaOf(exchange);
          if (!parts[4].equals("latest")) {
            state.version(subject, parts[4]);
          }
          var problems = state.incompatibilities(subject, state.parse(schemaText));
          ObjectNode answer = json.createObjectNode().put("is_compatible", problems.isEmpty());
          if ("true".equals(query.get("verbose"))) {
            ArrayNode messages = answer.putArray("messages");
            problems.forEach(messages::add);
          }
          return answer;
        }
      }
      case "config" -> {
        if (parts.length == 1) {
          if (method.equals("GET")) {
            return json.createObjectNode().put("compatibilityLevel", state.globalLevel().name());
          }
          if (method.equals("PUT")) {
            CompatibilityLevel level = levelOf(exchange);
            state.setLevel(null, level);
            return json.createObjectNode().put("compatibility", level.name());
          }
        }
        if (parts.length == 2) {
          String subject = parts[1];
          if (method.equals("GET")) {
            CompatibilityLevel level = state.subjectLevel(subject);
            if (level == null) {
              if (!"true".equals(query.get("defaultToGlobal"))) {
                throw new RegistryError(
                    404,
                    40408,
                    "Subject '"
                        + subject
                        + "' does not have subject-level compatibility configured");
              }
              level = state.globalLevel();
            }
            return json.createObjectNode().put("compatibilityLevel", level.name());
          }
          if (method.equals("PUT")) {
            CompatibilityLevel level = levelOf(exchange);
            state.setLevel(subject, level);
            return json.createObjectNode().put("compatibility", level.name());
          }
        }
      }
      default -> {
        // fall through to 404 below
      }
    }
    throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " " + uri.getPath());
  }

  private ObjectNode describe(RegisteredSchema s) {
    return json.createObjectNode()
        .put("subject", s.subject())
        .put("version", s.version())
        .put("id", s.id())
        .put("schema", s.schema().toString());
  }

  private String schemaOf(HttpExchange exchange) throws IOException {
    JsonNode body = body(exchange);
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new RegistryError(
          422, 42201, "Invalid schema: only AVRO schemas are supported, got " + type);
    }
    return body.path("schema").asText(null);
  }

  private CompatibilityLevel levelOf(HttpExchange exchange) throws IOException {
    String text = body(exchange).path("compatibility").asText(null);
    try {
      return CompatibilityLevel.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RegistryError(422, 42203, "Invalid compatibility level: " + text);
    }
  }

  private JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        throw new RegistryError(422, 42201, "Empty request body");
      }
      try {
        return json.readTree(bytes);
      } catch (IOException e) {
        throw new RegistryError(400, 400, "Unrecognized request body: " + e.getMessage());
      }
    }
  }

  private ObjectNode error(int code, String message) {
    return json.createObjectNode().put("error_code", code).put("message", message);
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryError.schemaNotFound("with id " + text);
    }
  }

  private static String[] pathParts(URI uri) {
    String path = uri.getRawPath();
    String trimmed = path.replaceAll("^/+|/+$", "");
    if (trimmed.isEmpty()) {
      return new String[0];
    }
    String[] raw = trimmed.split("/");
    for (int i = 0; i < raw.length; i++) {
      raw[i] = URLDecoder.decode(raw[i], StandardCharsets.UTF_8);
    }
    return raw;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    String q = uri.getRawQuery();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(k, v);
      }
    }
    return params;
  }

  /** Options of an embedded registry. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Supplier<SchemaStore> storeFactory;
    private String basicAuthUserInfo;
    private SSLContext tls;

    private Builder() {}

    /** Address to bind (default 127.0.0.1). */
    public Builder host(String bindHost) {
      this.host = bindHost;
      return this;
    }

    /** Port to bind; 0 (default) picks a free one. */
    public Builder port(int bindPort) {
      this.port = bindPort;
      return this;
    }

    /** Keep schemas in memory only (tests, throwaway registries). */
    public Builder inMemory() {
      this.storeFactory = InMemorySchemaStore::new;
      return this;
    }

    /** Keep schemas in the compacted topic {@link Topics#SCHEMAS} of a Kafka cluster. */
    public Builder kafka(String bootstrapServers) {
      return kafka(bootstrapServers, Topics.SCHEMAS.name(), Map.of());
    }

    /** Keep schemas in a compacted topic, with extra Kafka client properties (security...). */
    public Builder kafka(String bootstrapServers, String topic, Map<String, Object> clientProps) {
      this.storeFactory = () -> new KafkaSchemaStore(bootstrapServers, topic, clientProps);
      return this;
    }

    /**
     * Serve HTTPS only, presenting the key and certificate of a key store (its password is also the
     * key's).
     */
    public Builder https(Path keyStore, String password) {
      this.tls = TlsStores.server(keyStore, password);
      return this;
    }

    /** Require HTTP basic auth with these credentials ({@code user:password}). */
    public Builder basicAuth(String userInfo) {
      this.basicAuthUserInfo = userInfo;
      return this;
    }

    /** The registry, not yet started. */
    public EmbeddedSchemaRegistry build() {
      return new EmbeddedSchemaRegistry(this);
    }
  }
}
