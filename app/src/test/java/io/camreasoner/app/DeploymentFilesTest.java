package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.camreasoner.aggregator.AggregatorSettings;
import io.camreasoner.aggregator.api.AggregatorHttpServer;
import io.camreasoner.aggregator.api.StreamSummary;
import io.camreasoner.aggregator.api.TimelineDirectory;
import io.camreasoner.aggregator.api.TimelineFeed;
import io.camreasoner.ingest.IngestSettings;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.ops.OpsServer;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.worker.config.WorkerConfig;
import io.camreasoner.worker.config.WorkerOption;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks deploy/ against the code it deploys, without Docker or Kubernetes: every option the
 * compose file, the chart and the images set is one the service declares (and is read the way the
 * service reads options), the topic init creates the topic registry's topics with their partitions
 * and configs, and every health check and probe hits a port the service listens on and a path its
 * real HTTP server answers.
 */
class DeploymentFilesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Launcher variables (entrypoint, logback), not service options. */
  private static final Set<String> LAUNCHER_ENV =
      Set.of(
          "CAMREASONER_JAVA_OPTS",
          "CAMREASONER_CACHE",
          "CAMREASONER_LOG_LEVEL",
          "CAMREASONER_DEBUG");

  private static final Pattern HEALTH_URL =
      Pattern.compile("http://127\\.0\\.0\\.1:(\\$\\{(\\w+)}|\\d+)(/[^\"\\s]*)");

  // ------------------------------------------------------------------ options

  @Test
  void shouldSetOnlyDeclaredOptionsWhenComposeConfiguresTheServices() throws IOException {
    JsonNode services = yaml(DEPLOY.resolve("compose/compose.yaml")).path("services");

    Map<String, String> ingest = env(services.path("ingest"));
    Map<String, String> aggregator = env(services.path("aggregator"));
    assertThat(undeclared(ingest, IngestSettings.GROUP)).isEmpty();
    assertThat(undeclared(aggregator, AggregatorSettings.GROUP)).isEmpty();
    assertThat(ingest.get(OpsServer.HOST.envName())).isEqualTo("0.0.0.0");
    assertThat(aggregator.get(AggregatorSettings.HTTP_HOST.envName())).isEqualTo("0.0.0.0");
    assertThat(aggregator.get(AggregatorSettings.ADVERTISED_HOST.envName()))
        .isEqualTo(services.path("aggregator").path("hostname").asText());

    Map<String, String> workerArgs = workerArgs(services.path("worker").path("command"));
    assertThat(notWorkerOptions(workerArgs.keySet())).isEmpty();
    assertThat(workerOptionsReadFromEnv(env(services.path("worker"))))
        .as("the worker reads its options from arguments only")
        .isEmpty();

    // every service reaches Kafka through the broker's advertised in-network listener
    String internal =
        services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
    String bootstrap = internal.split(",")[0].replaceFirst("^[A-Z]+://", "");
    assertThat(bootstrap).isEqualTo("kafka:9092");
    assertThat(ingest.get(IngestSettings.BOOTSTRAP.envName())).isEqualTo(bootstrap);
    assertThat(aggregator.get(AggregatorSettings.BOOTSTRAP.envName())).isEqualTo(bootstrap);
    assertThat(workerArgs.get(WorkerOption.KAFKA_BOOTSTRAP.key())).isEqualTo(bootstrap);
    assertThat(services.path("topics").path("environment").path("KAFKA_BOOTSTRAP").asText())
        .isEqualTo(bootstrap);
  }

  @Test
  void shouldConfigureOnlyDeclaredOptionsWhenChartValuesNameThem() throws IOException {
    List<Path> valueFiles = new ArrayList<>();
    valueFiles.add(DEPLOY.resolve("helm/camreasoner/values.yaml"));
    try (var files = Files.list(DEPLOY.resolve("helm/test-values"))) {
      files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(valueFiles::add);
    }
    for (Path file : valueFiles) {
      JsonNode values = yaml(file);
      assertThat(notWorkerOptions(keys(values.path("worker").path("config"))))
          .as("worker.config of %s", file)
          .isEmpty();
      assertThat(notWorkerOptions(keys(values.path("gpuWorker").path("config"))))
          .as("gpuWorker.config of %s", file)
          .isEmpty();
      assertThat(keys(values.path("aggregator").path("config")))
          .as("aggregator.config of %s", file)
          .allMatch(AggregatorSettings.GROUP::declares);
      assertThat(keys(values.path("ingest").path("config")))
          .as("ingest.config of %s", file)
          .allMatch(IngestSettings.GROUP::declares);
    }
    JsonNode defaults = yaml(DEPLOY.resolve("helm/camreasoner/values.yaml"));
    assertThat(defaults.path("worker").path("opsPort").asText())
        .isEqualTo(WorkerOption.OPS_PORT.defaultValue());
    assertThat(defaults.path("aggregator").path("httpPort").asInt())
        .isEqualTo(Integer.parseInt(AggregatorSettings.HTTP_PORT.defaultText()));

    // options the templates set by name: the env names and --name= arguments they write
    String helpers = template("_helpers.tpl");
    Matcher arg = Pattern.compile("^- --([a-z][a-z0-9.-]*)=", Pattern.MULTILINE).matcher(helpers);
    List<String> chartWorkerArgs = new ArrayList<>();
    while (arg.find()) {
      chartWorkerArgs.add(arg.group(1));
    }
    assertThat(chartWorkerArgs)
        .contains(
            WorkerOption.KAFKA_BOOTSTRAP.key(),
            WorkerOption.SCHEMA_REGISTRY_URL.key(),
            WorkerOption.INSTANCE_ID.key(),
            WorkerOption.OPS_PORT.key(),
            WorkerConfig.KAFKA_CLIENT_PREFIX + "security.protocol");
    assertThat(notWorkerOptions(chartWorkerArgs)).isEmpty();
    assertThat(envNamesIn(template("aggregator.yaml")))
        .isNotEmpty()
        .allMatch(AggregatorSettings.GROUP::declares);
    assertThat(envNamesIn(template("ingest.yaml")))
        .isNotEmpty()
        .allMatch(IngestSettings.GROUP::declares);
  }

  // ------------------------------------------------------------------ topics

  @Test
  void shouldCreateEveryPipelineTopicAsTheRegistryDeclaresItWhenTopicInitRuns() throws IOException {
    Map<String, TopicSpec> created =
        createdTopics(Files.readString(DEPLOY.resolve("helm/camreasoner/files/create-topics.sh")));

    Map<String, TopicSpec> expected = new TreeMap<>();
    for (Topic<?, ?> t :
        List.of(Topics.FRAME_WINDOWS, Topics.MOTION_EVENTS, Topics.SHOT_TIMELINES, Topics.DLQ)) {
      expected.put(t.name(), new TopicSpec(t.partitions(), new TreeMap<>(t.configs())));
    }
    assertThat(created).isEqualTo(expected);
    assertThat(created).doesNotContainKey(Topics.SCHEMAS.name()); // the embedded registry's own
    assertThat(created.get("camreasoner.shot-timelines").configs())
        .containsEntry("cleanup.policy", "compact");

    JsonNode compose = yaml(DEPLOY.resolve("compose/compose.yaml")).path("services");
    assertThat(compose.path("topics").path("volumes").get(0).asText())
        .startsWith("../helm/camreasoner/files/create-topics.sh:");
    long brokerMax =
        compose.path("kafka").path("environment").path("KAFKA_MESSAGE_MAX_BYTES").asLong();
    assertThat(brokerMax)
        .isGreaterThanOrEqualTo(
            Long.parseLong(Topics.FRAME_WINDOWS.configs().get("max.message.bytes")));

    JsonNode values = yaml(DEPLOY.resolve("helm/camreasoner/values.yaml"));
    int partitions = Topics.FRAME_WINDOWS.partitions();
    assertThat(values.path("topics").path("frameWindowsPartitions").asInt()).isEqualTo(partitions);
    JsonNode keda = values.path("keda");
    assertThat(keda.path("topic").asText()).isEqualTo(Topics.FRAME_WINDOWS.name());
    assertThat(keda.path("consumerGroup").asText()).isEqualTo(WorkerOption.GROUP_ID.defaultValue());
    assertThat(keda.path("maxReplicaCount").asInt()).isBetween(1, partitions);
  }

  // ------------------------------------------------------------------ health checks

  @Test
  void shouldProbeThePortEachServiceListensOnWhenImagesCheckHealth() throws IOException {
    Map<String, Stage> stages = dockerStages();

    Stage ingest = stages.get("ingest");
    assertThat(ingest.entrypoint()).endsWith("\"ingest\"]");
    assertThat(ingest.env()).containsEntry(OpsServer.HOST.envName(), "0.0.0.0");
    String ingestPort = ingest.env().get(OpsServer.PORT.envName());
    assertThat(ingest.healthPort()).isEqualTo(ingestPort).isEqualTo("8083");
    assertThat(ingest.healthPath()).isEqualTo("/health");
    assertThat(ingest.expose()).isEqualTo(ingestPort);

    for (String name : List.of("worker", "worker-gpu")) {
      Stage worker = stages.get(name);
      assertThat(worker.entrypoint()).as(name).endsWith("\"worker\"]");
      assertThat(worker.healthPort()).as(name).isEqualTo(WorkerOption.OPS_PORT.defaultValue());
      assertThat(worker.healthPath()).as(name).isEqualTo("/health");
      assertThat(worker.expose()).as(name).isEqualTo(WorkerOption.OPS_PORT.defaultValue());
    }

    Stage aggregator = stages.get("aggregator");
    assertThat(aggregator.entrypoint()).endsWith("\"aggregator\"]");
    assertThat(aggregator.env()).containsEntry(AggregatorSettings.HTTP_HOST.envName(), "0.0.0.0");
    assertThat(aggregator.healthPort())
        .isEqualTo(aggregator.env().get(AggregatorSettings.HTTP_PORT.envName()))
        .isEqualTo(AggregatorSettings.HTTP_PORT.defaultText());
    assertThat(aggregator.healthPath()).isEqualTo("/api/streams?local=true");
    assertThat(undeclared(aggregator.env(), AggregatorSettings.GROUP)).isEmpty();
    assertThat(undeclared(ingest.env(), IngestSettings.GROUP)).isEmpty();

    // compose and Prometheus use the same ports
    JsonNode services = yaml(DEPLOY.resolve("compose/compose.yaml")).path("services");
    assertThat(env(services.path("ingest")).get(OpsServer.PORT.envName())).isEqualTo(ingestPort);
    assertThat(workerArgs(services.path("worker").path("command")))
        .containsEntry(WorkerOption.OPS_PORT.key(), WorkerOption.OPS_PORT.defaultValue());
    JsonNode jobs = yaml(DEPLOY.resolve("compose/prometheus.yml")).path("scrape_configs");
    Map<String, String> targets = new TreeMap<>();
    jobs.forEach(
        j ->
            targets.put(
                j.path("job_name").asText(),
                j.path("static_configs").get(0).path("targets").get(0).asText()));
    assertThat(targets)
        .containsEntry("camreasoner-worker", "worker:" + WorkerOption.OPS_PORT.defaultValue())
        .containsEntry("camreasoner-ingest", "ingest:" + ingestPort);
  }

  @Test
  void shouldAnswerEveryHealthCheckPathWhenTheServicesHttpServersRun() throws Exception {
    Map<String, Stage> stages = dockerStages();
    HttpClient http = HttpClient.newHttpClient();

    // ingest: platform's ops server, as IngestCommand starts it
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (OpsServer ops =
        new OpsServer(registry)
            .check("ingest", OpsServer.HealthCheck.Result::up)
            .start("127.0.0.1", 0)) {
      assertThat(get(http, ops.port(), stages.get("ingest").healthPath()).statusCode())
          .isEqualTo(200);
      assertThat(get(http, ops.port(), "/metrics").body()).contains("jvm_memory_used_bytes");
    }

    // worker: its own ops server; the chart's probes use the same path
    String workerProbe = probePaths(template("_worker.tpl")).get(0);
    assertThat(probePaths(template("_worker.tpl"))).containsOnly(workerProbe);
    boolean[] healthy = {true};
    try (io.camreasoner.worker.ops.OpsServer ops =
        new io.camreasoner.worker.ops.OpsServer(0, () -> healthy[0], registry)) {
      assertThat(get(http, ops.port(), stages.get("worker").healthPath()).statusCode())
          .isEqualTo(200);
      assertThat(get(http, ops.port(), workerProbe).statusCode()).isEqualTo(200);
      healthy[0] = false;
      assertThat(get(http, ops.port(), workerProbe).statusCode()).isEqualTo(503);
    }

    // aggregator: the query API answers while the state stores are queryable, 503 before
    StubDirectory directory = new StubDirectory();
    AggregatorHttpServer server =
        AggregatorHttpServer.start(directory, new TimelineFeed(), "127.0.0.1", 0);
    try {
      String health = stages.get("aggregator").healthPath();
      assertThat(get(http, server.port(), health).statusCode()).isEqualTo(200);
      for (String probe : probePaths(template("aggregator.yaml"))) {
        assertThat(get(http, server.port(), probe).statusCode()).as(probe).isEqualTo(200);
      }
      directory.ready = false;
      assertThat(get(http, server.port(), health).statusCode()).isEqualTo(503);
    } finally {
      server.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode yaml(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  private static String template(String name) throws IOException {
    return Files.readString(DEPLOY.resolve("helm/camreasoner/templates").resolve(name));
  }

  private static List<String> keys(JsonNode map) {
    List<String> out = new ArrayList<>();
    map.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Map<String, String> env(JsonNode service) {
    Map<String, String> out = new LinkedHashMap<>();
    service
        .path("environment")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** The CAMREASONER_* names of {@code env} that are neither launcher variables nor options. */
  private static List<String> undeclared(Map<String, String> env, SettingGroup group) {
    Set<String> declared =
        group.settings().stream().map(Setting::envName).collect(Collectors.toSet());
    return env.keySet().stream()
        .filter(k -> k.startsWith("CAMREASONER_"))
        .filter(k -> !LAUNCHER_ENV.contains(k) && !declared.contains(k))
        .toList();
  }

  private static Map<String, String> workerArgs(JsonNode command) {
    Map<String, String> out = new LinkedHashMap<>();
    command.forEach(
        a -> {
          String s = a.asText();
          int eq = s.indexOf('=');
          assertThat(s).as("worker argument").startsWith("--");
          assertThat(eq).as("worker argument %s", s).isGreaterThan(2);
          out.put(s.substring(2, eq), s.substring(eq + 1));
        });
    return out;
  }

  private static List<String> notWorkerOptions(java.util.Collection<String> names) {
    Set<String> keys =
        Arrays.stream(WorkerOption.values()).map(WorkerOption::key).collect(Collectors.toSet());
    return names.stream()
        .filter(
            n ->
                !keys.contains(n)
                    && !n.startsWith(WorkerConfig.KAFKA_CLIENT_PREFIX)
                    && !n.startsWith(WorkerConfig.SERDE_PREFIX))
        .toList();
  }

  /** Worker options given as CAMREASONER_* variables (ignored by the worker). */
  private static List<String> workerOptionsReadFromEnv(Map<String, String> env) {
    Set<String> asEnv =
        Arrays.stream(WorkerOption.values())
            .map(o -> Setting.string(o.key(), "", "-").envName())
            .collect(Collectors.toSet());
    return env.keySet().stream().filter(asEnv::contains).toList();
  }

  /** Option names a template writes through {@code include "camreasoner.envName" "NAME"}. */
  private static List<String> envNamesIn(String template) {
    Matcher m = Pattern.compile("include \"camreasoner\\.envName\" \"([^\"]+)\"").matcher(template);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The httpGet paths of a template's probes. */
  private static List<String> probePaths(String template) {
    Matcher m = Pattern.compile("httpGet: \\{path: \"?([^\",}]+)\"?, port:").matcher(template);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).trim());
    }
    assertThat(out).as("probes in template").isNotEmpty();
    return out;
  }

  private record TopicSpec(int partitions, Map<String, String> configs) {}

  /** The {@code create NAME PARTITIONS --config K=V ...} calls of create-topics.sh. */
  private static Map<String, TopicSpec> createdTopics(String script) {
    String joined = script.replace("\\\n", " ");
    Matcher m = Pattern.compile("^create (\\S+) (\\d+)(.*)$", Pattern.MULTILINE).matcher(joined);
    Map<String, TopicSpec> out = new TreeMap<>();
    while (m.find()) {
      Map<String, String> configs = new TreeMap<>();
      Matcher c = Pattern.compile("--config (\\S+?)=(\\S+)").matcher(m.group(3));
      while (c.find()) {
        configs.put(c.group(1), c.group(2));
      }
      out.put(m.group(1), new TopicSpec(Integer.parseInt(m.group(2)), configs));
    }
    return out;
  }

  private record Stage(
      Map<String, String> env,
      String expose,
      String healthPort,
      String healthPath,
      String entrypoint) {}

  /** The Dockerfile's stages by name: ENV (inherited from the stage they build on), EXPOSE, ... */
  private static Map<String, Stage> dockerStages() throws IOException {
    String text = Files.readString(DEPLOY.resolve("docker/Dockerfile")).replace("\\\n", " ");
    Map<String, Map<String, String>> envs = new HashMap<>();
    Map<String, Stage> out = new LinkedHashMap<>();
    String name = null;
    Map<String, String> env = new LinkedHashMap<>();
    String expose = null;
    String health = null;
    String entrypoint = null;
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
    lines.add("FROM end AS end");
    for (String raw : lines) {
      String line = raw.strip();
      Matcher from = Pattern.compile("^FROM (\\S+) AS (\\S+)$").matcher(line);
      if (from.matches()) {
        if (name != null) {
          envs.put(name, env);
          if (health != null) {
            Matcher url = HEALTH_URL.matcher(health);
            assertThat(url.find()).as("health check URL of stage %s", name).isTrue();
            String port = url.group(2) != null ? env.get(url.group(2)) : url.group(1);
            out.put(name, new Stage(Map.copyOf(env), expose, port, url.group(3), entrypoint));
          }
        }
        name = from.group(2);
        env = new LinkedHashMap<>(envs.getOrDefault(from.group(1), Map.of()));
        expose = null;
        health = null;
        entrypoint = null;
      } else if (line.startsWith("ENV ")) {
        Matcher kv = Pattern.compile("(\\w+)=(\\S+)").matcher(line.substring(4));
        while (kv.find()) {
          env.put(kv.group(1), kv.group(2));
        }
      } else if (line.startsWith("EXPOSE ")) {
        expose = line.substring(7).trim();
      } else if (line.startsWith("HEALTHCHECK ")) {
        health = line;
      } else if (line.startsWith("ENTRYPOINT ")) {
        entrypoint = line;
      }
    }
    assertThat(out).containsKeys("ingest", "worker", "worker-gpu", "aggregator");
    return out;
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An aggregator directory with no streams: ready (queryable) or still starting. */
  private static final class StubDirectory implements TimelineDirectory {
    volatile boolean ready = true;

    private <T> T whenReady(Supplier<T> value) {
      if (!ready) {
        throw new IllegalStateException("stream store not queryable yet");
      }
      return value.get();
    }

    @Override
    public List<StreamSummary> localStreams() {
      return whenReady(List::of);
    }

    @Override
    public List<ShotTimeline> localShots(String streamId) {
      return whenReady(List::of);
    }

    @Override
    public Optional<String> ownerElsewhere(String streamId) {
      return whenReady(Optional::empty);
    }

    @Override
    public List<String> otherInstances() {
      return whenReady(List::of);
    }
  }
}
