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
import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.http.HttpAccess;
import io.camreasoner.platform.kafka.acl.AclRequirement;
import io.camreasoner.platform.ops.OpsServer;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.worker.InferenceWorkerSettings;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Checks deploy/ against the code it deploys, without Docker or Kubernetes: every option the
 * compose file, the chart and the images set is one the service declares, read the way the service
 * reads it (a {@code CAMREASONER_*} variable only for declared settings, a pass-through prefix such
 * as {@code kafka.client.} only as an argument and only where the service declares the prefix),
 * every service takes Kafka security from the same mounted client properties file, the topic init
 * creates the topic registry's topics with their partitions and configs, and every health check and
 * probe hits a port the service listens on and a path its real HTTP server answers. With a helm
 * binary (on the PATH or unpacked by deploy/validate.sh) the rendered chart is checked as well.
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

  /** How one service takes options: which names it declares, which variables it reads. */
  private record Service(String name, Predicate<String> declares, Set<String> envNames) {
    boolean readsEnv(String var) {
      return !var.startsWith("CAMREASONER_")
          || LAUNCHER_ENV.contains(var)
          || envNames.contains(var);
    }
  }

  private static final Service INGEST = service("ingest", IngestSettings.GROUP);
  private static final Service AGGREGATOR = service("aggregator", AggregatorSettings.GROUP);
  private static final Service WORKER = service("worker", InferenceWorkerSettings.GROUP);

  /** The reprocess Job's command: options from its picocli declaration. */
  private static final Service REPROCESS =
      command(
          "reprocess",
          new CommandLine(new ReprocessCommand()).setInterpolateVariables(false).getCommandSpec());

  /**
   * A launcher command's options (its {@code --name}s) and the variables it reads: those its
   * options' defaults name as {@code ${env:NAME}}.
   */
  private static Service command(String name, CommandLine.Model.CommandSpec spec) {
    Set<String> names = new java.util.HashSet<>();
    Set<String> vars = new java.util.HashSet<>();
    Pattern env = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
    for (CommandLine.Model.OptionSpec o : spec.options()) {
      for (String n : o.names()) {
        if (n.startsWith("--")) {
          names.add(n.substring(2));
        }
      }
      if (o.defaultValue() != null) {
        env.matcher(o.defaultValue()).results().forEach(r -> vars.add(r.group(1)));
      }
    }
    return new Service(name, names::contains, vars);
  }

  /**
   * The service's declared options, and the variables it reads: each option's {@code CAMREASONER_*}
   * name plus the variables that options of type {@value Setting#VARIABLE_TYPE} name by default.
   */
  private static Service service(String name, SettingGroup group) {
    return new Service(
        name,
        group::declares,
        group.settings().stream()
            .flatMap(
                s ->
                    s.type().equals(Setting.VARIABLE_TYPE) && !s.defaultText().isEmpty()
                        ? java.util.stream.Stream.of(s.envName(), s.defaultText())
                        : java.util.stream.Stream.of(s.envName()))
            .collect(Collectors.toSet()));
  }

  @Test
  void shouldKnowWhichOptionsEachServiceReadsWhenCheckingDeploymentFiles() {
    // the rules the other tests rely on: kafka.client.* is declared by every service, as a prefix
    for (Service s : List.of(INGEST, AGGREGATOR, WORKER)) {
      assertThat(s.declares().test("kafka.client.security.protocol")).as(s.name()).isTrue();
      assertThat(s.declares().test("kafka.client.")).as(s.name()).isFalse();
      assertThat(s.declares().test("kafka.config-file")).as(s.name()).isTrue();
      assertThat(s.envNames()).as(s.name()).contains("CAMREASONER_KAFKA_CONFIG_FILE");
      // prefixed options are not read from the environment
      assertThat(s.readsEnv("CAMREASONER_KAFKA_CLIENT_SECURITY_PROTOCOL")).as(s.name()).isFalse();
    }
    // the reprocess Job's command takes the same file and registry credentials from variables
    assertThat(REPROCESS.declares().test("kafka-config-file")).isTrue();
    assertThat(REPROCESS.declares().test("cluster-services")).isTrue();
    assertThat(REPROCESS.readsEnv("CAMREASONER_KAFKA_CONFIG_FILE")).isTrue();
    assertThat(REPROCESS.readsEnv("CAMREASONER_SCHEMA_REGISTRY_BASIC_AUTH")).isTrue();
    assertThat(REPROCESS.readsEnv("CAMREASONER_KAFKA_BOOTSTRAP")).isFalse();
    assertThat(WORKER.declares().test("serde.basic.auth.user.info")).isTrue();
    assertThat(AGGREGATOR.declares().test("serde.basic.auth.user.info")).isFalse();
    assertThat(WORKER.readsEnv("CAMREASONER_WORKER_INSTANCE_ID")).isTrue();
    assertThat(WORKER.readsEnv("CAMREASONER_VLM_API_KEY")).isTrue();
    assertThat(INGEST.readsEnv("CAMREASONER_VLM_API_KEY")).isFalse();
  }

  @Test
  void shouldSetOnlyDeclaredOptionsWhenComposeConfiguresTheServices() throws IOException {
    JsonNode services = yaml(DEPLOY.resolve("compose/compose.yaml")).path("services");

    Map<String, String> ingest = env(services.path("ingest"));
    Map<String, String> aggregator = env(services.path("aggregator"));
    Map<String, String> worker = env(services.path("worker"));
    assertThat(unread(ingest, INGEST)).isEmpty();
    assertThat(unread(aggregator, AGGREGATOR)).isEmpty();
    assertThat(unread(worker, WORKER)).isEmpty();
    assertThat(undeclaredArgs(args(services.path("worker").path("command")), WORKER)).isEmpty();
    assertThat(undeclaredArgs(args(services.path("aggregator").path("command")), AGGREGATOR))
        .isEmpty();
    assertThat(ingest.get(OpsServer.HOST.envName())).isEqualTo("0.0.0.0");
    assertThat(worker.get(OpsServer.HOST.envName())).isEqualTo("0.0.0.0");
    assertThat(aggregator.get(AggregatorSettings.HTTP_HOST.envName())).isEqualTo("0.0.0.0");
    assertThat(aggregator.get(OpsServer.HOST.envName())).isEqualTo("0.0.0.0");
    assertThat(aggregator.get(AggregatorSettings.ADVERTISED_HOST.envName()))
        .isEqualTo(services.path("aggregator").path("hostname").asText());
    assertThat(worker.get(InferenceWorkerSettings.INSTANCE_ID.envName())).isNotBlank();

    // every service reaches Kafka through the broker's advertised in-network listener
    String internal =
        services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
    String bootstrap = internal.split(",")[0].replaceFirst("^[A-Z]+://", "");
    assertThat(bootstrap).isEqualTo("kafka:9092");
    assertThat(ingest.get(IngestSettings.BOOTSTRAP.envName())).isEqualTo(bootstrap);
    assertThat(aggregator.get(AggregatorSettings.BOOTSTRAP.envName())).isEqualTo(bootstrap);
    assertThat(worker.get(ClusterSettings.BOOTSTRAP.envName())).isEqualTo(bootstrap);
    assertThat(services.path("topics").path("environment").path("KAFKA_BOOTSTRAP").asText())
        .isEqualTo(bootstrap);
  }

  @Test
  void shouldConfigureOnlyDeclaredOptionsWhenChartValuesNameThem() throws IOException {
    for (Path file : valueFiles()) {
      JsonNode values = yaml(file);
      for (var e :
          Map.of(
                  "worker", WORKER,
                  "gpuWorker", WORKER,
                  "aggregator", AGGREGATOR,
                  "ingest", INGEST)
              .entrySet()) {
        assertThat(keys(values.path(e.getKey()).path("config")))
            .as("%s.config of %s", e.getKey(), file)
            .allMatch(e.getValue().declares());
      }
      // kafka.clientProperties become --kafka.client.<name> of every service
      for (String k : keys(values.path("kafka").path("clientProperties"))) {
        for (Service s : List.of(INGEST, AGGREGATOR, WORKER)) {
          assertThat(s.declares().test(ClusterSettings.KAFKA_CLIENT_PREFIX + k)).isTrue();
        }
      }
    }
    JsonNode defaults = yaml(DEPLOY.resolve("helm/camreasoner/values.yaml"));
    assertThat(defaults.path("worker").path("opsPort").asText())
        .isEqualTo(InferenceWorkerSettings.OPS_PORT.defaultText());
    assertThat(defaults.path("aggregator").path("httpPort").asInt())
        .isEqualTo(Integer.parseInt(AggregatorSettings.HTTP_PORT.defaultText()));
    // ops.port's default is 0 (any free port): a deployment must name one
    assertThat(defaults.path("aggregator").path("opsPort").asInt())
        .isPositive()
        .isNotEqualTo(defaults.path("aggregator").path("httpPort").asInt());
    assertThat(defaults.path("ingest").path("opsPort").asInt()).isPositive();
  }

  @Test
  void shouldSetOnlyOptionsTheServiceReadsWhenTheChartTemplatesNameThem() throws IOException {
    Map<String, String> defines = chartDefines();
    Map<String, Service> templates =
        Map.of(
            "ingest.yaml", INGEST,
            "aggregator.yaml", AGGREGATOR,
            "worker.yaml", WORKER,
            "worker-gpu.yaml", WORKER);
    for (var e : templates.entrySet()) {
      String text = expand(template(e.getKey()), defines);
      Service s = e.getValue();
      List<String> envs = envNamesIn(text);
      assertThat(envs)
          .as("options %s sets as variables", e.getKey())
          .isNotEmpty()
          .allMatch(n -> s.envNames().contains(Setting.string(n, "", "-").envName()));
      assertThat(literalEnvIn(text))
          .as("CAMREASONER_* variables written in %s", e.getKey())
          .allMatch(s::readsEnv);
      List<String> args = argNamesIn(text);
      assertThat(args)
          .as("options %s passes as arguments", e.getKey())
          .allMatch(n -> s.declares().test(n.endsWith(".") ? n + "x" : n));
      // the same Kafka wiring everywhere: the client properties file and pass-through properties
      assertThat(envs).as(e.getKey()).contains("kafka.bootstrap", "kafka.config-file");
      assertThat(args).as(e.getKey()).contains(ClusterSettings.KAFKA_CLIENT_PREFIX);
      assertThat(text)
          .as(e.getKey())
          .contains("include \"camreasoner.kafkaVolumes\"", "include \"camreasoner.kafkaMounts\"");
    }
    // the reprocess Job: the same Kafka file and registry Secret, options its command declares
    String reprocess = expand(template("reprocess-job.yaml"), defines);
    assertThat(reprocess)
        .contains(
            "include \"camreasoner.envName\" \"kafka.config-file\"",
            "include \"camreasoner.registryAuthEnv\"",
            "include \"camreasoner.kafkaVolumes\"",
            "include \"camreasoner.kafkaMounts\"");
    assertThat(argNamesIn(reprocess))
        .as("options reprocess-job.yaml passes as arguments")
        .isNotEmpty()
        .allMatch(REPROCESS.declares());
    // the topic Job reads the same file
    assertThat(expand(template("topics-job.yaml"), defines))
        .contains("KAFKA_CLIENT_CONFIG", "include \"camreasoner.kafkaMounts\"");
    // no Kafka credentials on command lines or in plain variables any more
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(DEPLOY.resolve("helm/camreasoner/templates"))) {
      for (Path f : files.toList()) {
        all.append(Files.readString(f));
      }
    }
    assertThat(all.toString()).doesNotContain("sasl.jaas.config", "KAFKA_SASL_PASSWORD");
  }

  /** The rendered chart: what each container really gets, for every values file. */
  @Test
  void shouldGiveEveryContainerOnlyOptionsItReadsWhenTheChartIsRendered() throws Exception {
    Path helm = helm();
    Assumptions.assumeTrue(
        helm != null, "no helm on the PATH or in deploy/.cache (deploy/validate.sh --install)");
    for (Path file : valueFiles()) {
      List<JsonNode> objects = render(helm, file);
      boolean secured =
          !yaml(file)
              .path("kafka")
              .path("clientConfig")
              .path("existingSecret")
              .asText("")
              .isEmpty();
      Map<String, Map<String, String>> configMaps = new HashMap<>();
      for (JsonNode o : objects) {
        if (o.path("kind").asText().equals("ConfigMap")) {
          Map<String, String> data = new LinkedHashMap<>();
          o.path("data")
              .fields()
              .forEachRemaining(d -> data.put(d.getKey(), d.getValue().asText()));
          configMaps.put(o.path("metadata").path("name").asText(), data);
        }
      }
      int workloads = 0;
      for (JsonNode o : objects) {
        JsonNode pod = o.path("spec").path("template");
        if (!List.of("Deployment", "StatefulSet", "Job").contains(o.path("kind").asText())) {
          continue;
        }
        String where = file.getFileName() + ": " + o.path("metadata").path("name").asText();
        for (JsonNode c : pod.path("spec").path("containers")) {
          Map<String, String> env = containerEnv(c, configMaps);
          Set<String> secretMounts = secretMounts(pod.path("spec"), c);
          String image = c.path("image").asText();
          if (image.startsWith("apache/kafka")) { // the topic Job
            if (secured) {
              assertThat(env.get("KAFKA_CLIENT_CONFIG")).as(where).isNotNull();
              assertThat(underAny(env.get("KAFKA_CLIENT_CONFIG"), secretMounts)).as(where).isTrue();
            }
            continue;
          }
          Service s = serviceOfImage(image);
          workloads++;
          assertThat(env.keySet()).as("%s: variables", where).allMatch(s::readsEnv);
          List<String> args = new ArrayList<>();
          c.path("args").forEach(a -> args.add(a.asText()));
          List<String> options = args.stream().filter(a -> a.startsWith("--")).toList();
          assertThat(s == INGEST || s == REPROCESS || options.size() == args.size())
              .as("%s: only --name=value arguments", where)
              .isTrue();
          assertThat(undeclaredArgs(options, s)).as("%s: arguments", where).isEmpty();
          // credentials: in files and Secret-backed variables, not in arguments (the worker's
          // registry user info is the one exception: serde.* is not read from the environment)
          assertThat(options)
              .as("%s: no credential arguments", where)
              .noneMatch(a -> a.matches("(?i).*(jaas|password|secret).*"))
              .allMatch(
                  a ->
                      !a.contains("user.info")
                          || (s == WORKER
                              && a.equals(
                                  "--serde.basic.auth.user.info=$(SCHEMA_REGISTRY_USER_INFO)")));
          String configFile = env.get(ClusterSettings.KAFKA_CONFIG_FILE.envName());
          if (secured) {
            assertThat(configFile).as("%s: kafka.config-file", where).isNotNull();
            assertThat(underAny(configFile, secretMounts))
                .as("%s: %s lies in a mounted Secret %s", where, configFile, secretMounts)
                .isTrue();
          } else {
            assertThat(configFile).as(where).isNull();
          }
          if (s == REPROCESS) {
            // a batch Job against the release's cluster: no ports, no probes
            assertThat(options)
                .as(where)
                .contains("--cluster-services")
                .anyMatch(a -> a.startsWith("--bootstrap="))
                .anyMatch(a -> a.startsWith("--output="));
            assertThat(c.has("ports") || c.has("livenessProbe")).as(where).isFalse();
            continue;
          }
          // probes and scraping hit the ports the service is told to listen on
          Map<String, String> ports = new HashMap<>();
          c.path("ports")
              .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asText()));
          String opsPort = env.get(OpsServer.PORT.envName());
          assertThat(ports.get("ops")).as("%s: ops port", where).isEqualTo(opsPort);
          assertThat(env.get(OpsServer.HOST.envName())).as(where).isEqualTo("0.0.0.0");
          if (s == AGGREGATOR) {
            assertThat(ports.get("http"))
                .isEqualTo(env.get(AggregatorSettings.HTTP_PORT.envName()));
          }
          for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = c.path(probe).path("httpGet");
            if (!get.isMissingNode()) {
              assertThat(ports)
                  .as("%s: %s port", where, probe)
                  .containsKey(get.path("port").asText());
            }
          }
          JsonNode annotations = pod.path("metadata").path("annotations");
          if (annotations.has("prometheus.io/port")) {
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(opsPort);
          }
        }
      }
      assertThat(workloads).as(file.toString()).isPositive();
    }
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
    assertThat(keda.path("consumerGroup").asText())
        .isEqualTo(InferenceWorkerSettings.GROUP_ID.defaultText());
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
    assertThat(ingest.expose()).containsExactly(ingestPort);

    String workerPort = InferenceWorkerSettings.OPS_PORT.defaultText();
    for (String name : List.of("worker", "worker-gpu")) {
      Stage worker = stages.get(name);
      assertThat(worker.entrypoint()).as(name).endsWith("\"worker\"]");
      assertThat(worker.env()).as(name).containsEntry(OpsServer.PORT.envName(), workerPort);
      assertThat(worker.env()).as(name).containsEntry(OpsServer.HOST.envName(), "0.0.0.0");
      assertThat(worker.healthPort()).as(name).isEqualTo(workerPort);
      assertThat(worker.healthPath()).as(name).isEqualTo("/health");
      assertThat(worker.expose()).as(name).containsExactly(workerPort);
      assertThat(worker.env().keySet()).as(name).allMatch(WORKER::readsEnv);
    }

    // the reprocess batch job: the launcher's reprocess command, nothing to probe
    Stage reprocess = stages.get("reprocess");
    assertThat(reprocess.entrypoint()).endsWith("\"reprocess\"]");
    assertThat(reprocess.healthPort()).isNull();
    assertThat(reprocess.expose()).isEmpty();

    // the aggregator: API on http.port, /health and /metrics on ops.port (default 0: set here)
    Stage aggregator = stages.get("aggregator");
    assertThat(aggregator.entrypoint()).endsWith("\"aggregator\"]");
    assertThat(aggregator.env()).containsEntry(AggregatorSettings.HTTP_HOST.envName(), "0.0.0.0");
    assertThat(aggregator.env()).containsEntry(OpsServer.HOST.envName(), "0.0.0.0");
    String httpPort = aggregator.env().get(AggregatorSettings.HTTP_PORT.envName());
    String aggregatorOps = aggregator.env().get(OpsServer.PORT.envName());
    assertThat(httpPort).isEqualTo(AggregatorSettings.HTTP_PORT.defaultText());
    assertThat(aggregator.healthPort()).isEqualTo(aggregatorOps).isNotEqualTo("0");
    assertThat(aggregator.healthPath()).isEqualTo("/health");
    assertThat(aggregator.expose()).containsExactlyInAnyOrder(httpPort, aggregatorOps);
    assertThat(aggregator.env().keySet()).allMatch(AGGREGATOR::readsEnv);
    assertThat(ingest.env().keySet()).allMatch(INGEST::readsEnv);

    // compose, the chart's defaults and Prometheus use the same ports
    JsonNode values = yaml(DEPLOY.resolve("helm/camreasoner/values.yaml"));
    assertThat(values.path("aggregator").path("opsPort").asText()).isEqualTo(aggregatorOps);
    assertThat(values.path("ingest").path("opsPort").asText()).isEqualTo(ingestPort);
    JsonNode services = yaml(DEPLOY.resolve("compose/compose.yaml")).path("services");
    assertThat(env(services.path("ingest")).get(OpsServer.PORT.envName())).isEqualTo(ingestPort);
    assertThat(env(services.path("worker")).get(OpsServer.PORT.envName())).isEqualTo(workerPort);
    assertThat(env(services.path("aggregator")).get(OpsServer.PORT.envName()))
        .isEqualTo(aggregatorOps);
    assertThat(services.path("aggregator").path("ports").toString())
        .contains("\"" + aggregatorOps + ":" + aggregatorOps + "\"");
    JsonNode jobs = yaml(DEPLOY.resolve("compose/prometheus.yml")).path("scrape_configs");
    Map<String, String> targets = new TreeMap<>();
    jobs.forEach(
        j ->
            targets.put(
                j.path("job_name").asText(),
                j.path("static_configs").get(0).path("targets").get(0).asText()));
    assertThat(targets)
        .containsEntry("camreasoner-worker", "worker:" + workerPort)
        .containsEntry("camreasoner-aggregator", "aggregator:" + aggregatorOps)
        .containsEntry("camreasoner-ingest", "ingest:" + ingestPort);
  }

  @Test
  void shouldShipTheServicesAclScriptAndGrantEachAclOnceWhenItRuns() throws Exception {
    Path script = DEPLOY.resolve("helm/camreasoner/files/acls.sh");
    Map<String, List<AclRequirement>> requirements = AclsCommand.requirements(List.of());
    assertThat(Files.readString(script))
        .as("stale: ./camreasoner acls --shell > deploy/helm/camreasoner/files/acls.sh")
        .isEqualTo(AclsCommand.shellScript(requirements, Map.of()));

    // run with a kafka-acls that records its arguments, one principal overridden
    Path dir = Files.createTempDirectory("acls");
    Path calls = dir.resolve("calls");
    Path fake = dir.resolve("kafka-acls");
    Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> \"" + calls + "\"\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    pb.environment().put("BOOTSTRAP", "kafka-1:9093");
    pb.environment().put("ADMIN_CONFIG", "/etc/kafka/admin.properties");
    pb.environment().put("KAFKA_ACLS", fake.toString());
    pb.environment().put("WORKER_PRINCIPAL", "User:workers-prod");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    List<String> lines = Files.readAllLines(calls);
    int expected = requirements.values().stream().mapToInt(List::size).sum();
    assertThat(lines).hasSize(expected);
    assertThat(lines)
        .allMatch(
            l ->
                l.startsWith(
                    "--bootstrap-server kafka-1:9093 --command-config /etc/kafka/admin.properties"
                        + " --add --allow-principal User:"));
    assertThat(lines.stream().filter(l -> l.contains("--allow-principal User:workers-prod ")))
        .hasSize(requirements.get("worker").size());
    assertThat(lines)
        .contains(
            "--bootstrap-server kafka-1:9093 --command-config /etc/kafka/admin.properties --add"
                + " --allow-principal User:camreasoner-aggregator --operation Write --operation"
                + " Describe --transactional-id camreasoner-aggregator- --resource-pattern-type"
                + " prefixed");
  }

  @Test
  void shouldAnswerEveryHealthCheckPathWhenTheServicesHttpServersRun() throws Exception {
    Map<String, Stage> stages = dockerStages();
    HttpClient http = HttpClient.newHttpClient();

    // ingest: platform's ops server, as IngestCommand starts it
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (OpsServer ops =
        new OpsServer(registry, "127.0.0.1", 0).check("ingest", OpsServer.HealthCheck.Result::up)) {
      ops.start();
      assertThat(get(http, ops.port(), stages.get("ingest").healthPath()).statusCode())
          .isEqualTo(200);
      assertThat(get(http, ops.port(), "/metrics").body()).contains("jvm_memory_used_bytes");
    }

    // worker: platform's ops server with the worker's health check, as WorkerCommand wires it;
    // the chart's probes use the same path
    List<Probe> workerProbes = probes(template("_worker.tpl"));
    assertThat(workerProbes).extracting(Probe::port).containsOnly("ops");
    String workerProbe = workerProbes.get(0).path();
    assertThat(workerProbes).extracting(Probe::path).containsOnly(workerProbe);
    boolean[] healthy = {true};
    try (OpsServer ops =
        new OpsServer(registry, "127.0.0.1", 0)
            .check(
                "worker",
                () ->
                    healthy[0]
                        ? OpsServer.HealthCheck.Result.up()
                        : OpsServer.HealthCheck.Result.down("stopped"))) {
      ops.start();
      assertThat(get(http, ops.port(), stages.get("worker").healthPath()).statusCode())
          .isEqualTo(200);
      assertThat(get(http, ops.port(), workerProbe).statusCode()).isEqualTo(200);
      healthy[0] = false;
      assertThat(get(http, ops.port(), workerProbe).statusCode()).isEqualTo(503);
    }

    // aggregator: /health on the ops server is the Kafka Streams state, as AggregatorCommand
    // wires it; the query API answers while the state stores are queryable, 503 before
    List<Probe> aggregatorProbes = probes(template("aggregator.yaml"));
    assertThat(aggregatorProbes).extracting(Probe::port).containsOnly("ops", "http");
    KafkaStreams.State[] state = {KafkaStreams.State.REBALANCING};
    try (OpsServer ops =
        new OpsServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0)
            .check("streams", () -> AggregatorCommand.streamsHealth(state[0]))) {
      ops.start();
      String health = stages.get("aggregator").healthPath();
      for (KafkaStreams.State s : KafkaStreams.State.values()) {
        state[0] = s;
        boolean up = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
        assertThat(get(http, ops.port(), health).statusCode())
            .as(s.name())
            .isEqualTo(up ? 200 : 503);
      }
      state[0] = KafkaStreams.State.RUNNING;
      for (Probe probe : aggregatorProbes) {
        if (probe.port().equals("ops")) {
          assertThat(get(http, ops.port(), probe.path()).statusCode())
              .as(probe.path())
              .isEqualTo(200);
        }
      }
      assertThat(get(http, ops.port(), "/metrics").body()).contains("jvm_memory_used_bytes");
    }
    StubDirectory directory = new StubDirectory();
    // behind credentials, as aggregator.httpAuth configures it: the probe needs none
    AggregatorHttpServer server =
        AggregatorHttpServer.start(
            directory, new TimelineFeed(), "127.0.0.1", 0, HttpAccess.of("probe-t0ken", ""));
    try {
      List<String> apiProbes =
          aggregatorProbes.stream().filter(p -> p.port().equals("http")).map(Probe::path).toList();
      assertThat(apiProbes).isNotEmpty();
      for (String probe : apiProbes) {
        assertThat(get(http, server.port(), probe).statusCode()).as(probe).isEqualTo(200);
      }
      directory.ready = false;
      for (String probe : apiProbes) {
        HttpResponse<String> restoring = get(http, server.port(), probe);
        assertThat(restoring.statusCode()).as(probe).isEqualTo(503);
        assertThat(restoring.headers().firstValue("Retry-After")).as(probe).isPresent();
      }
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

  /** The variables of {@code env} the service does not read (CAMREASONER_* only). */
  private static List<String> unread(Map<String, String> env, Service service) {
    return env.keySet().stream().filter(k -> !service.readsEnv(k)).toList();
  }

  /** The {@code --name=value} arguments whose name the service does not declare. */
  private static List<String> undeclaredArgs(List<String> args, Service service) {
    return args.stream()
        .filter(
            a -> {
              int eq = a.indexOf('=');
              // --name=value, or a bare --flag (a launcher command's boolean option)
              String name = eq < 0 ? a.substring(Math.min(2, a.length())) : a.substring(2, eq);
              return !a.startsWith("--") || (eq >= 0 && eq < 3) || !service.declares().test(name);
            })
        .toList();
  }

  private static List<String> args(JsonNode command) {
    List<String> out = new ArrayList<>();
    command.forEach(a -> out.add(a.asText()));
    return out;
  }

  private static List<Path> valueFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(DEPLOY.resolve("helm/camreasoner/values.yaml"));
    try (var files = Files.list(DEPLOY.resolve("helm/test-values"))) {
      files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
    }
    return out;
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

  /** CAMREASONER_* variable names written out literally. */
  private static List<String> literalEnvIn(String template) {
    Matcher m = Pattern.compile("\\bCAMREASONER_[A-Z0-9_]+").matcher(template);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * Option names of {@code - --name=} arguments; a name written up to a template action ({@code -
   * --kafka.client.{{ $k }}=}) is returned as its prefix, ending with a dot.
   */
  private static List<String> argNamesIn(String template) {
    Matcher m =
        Pattern.compile("^\\s*- --([a-z][a-z0-9.-]*?)(=|\\{\\{)", Pattern.MULTILINE)
            .matcher(template);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The chart's named templates ({@code define ... end}) by name. */
  private static Map<String, String> chartDefines() throws IOException {
    Map<String, String> out = new HashMap<>();
    Pattern action =
        Pattern.compile("\\{\\{-?\\s*(define \"([^\"]+)\"|(?:if|range|with|block|end)\\b)");
    try (var files = Files.list(DEPLOY.resolve("helm/camreasoner/templates"))) {
      for (Path f : files.sorted().toList()) {
        String text = Files.readString(f);
        Matcher m = action.matcher(text);
        String name = null;
        int start = 0;
        int depth = 0;
        while (m.find()) {
          if (m.group(2) != null && depth == 0) {
            name = m.group(2);
            start = m.start();
          }
          depth += m.group(1).equals("end") ? -1 : 1;
          if (depth == 0 && name != null) {
            out.put(name, text.substring(start, m.end()));
            name = null;
          }
        }
      }
    }
    return out;
  }

  /** {@code text} followed by the named templates it includes, transitively. */
  private static String expand(String text, Map<String, String> defines) {
    StringBuilder out = new StringBuilder(text);
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(text));
    Set<String> seen = new java.util.HashSet<>();
    Pattern include = Pattern.compile("include \"([^\"]+)\"");
    while (!todo.isEmpty()) {
      Matcher m = include.matcher(todo.pop());
      while (m.find()) {
        String body = defines.get(m.group(1));
        if (body != null && seen.add(m.group(1))) {
          out.append('\n').append(body);
          todo.push(body);
        }
      }
    }
    return out.toString();
  }

  private record Probe(String path, String port) {}

  /** The httpGet probes of a template. */
  private static List<Probe> probes(String template) {
    Matcher m =
        Pattern.compile("httpGet: \\{path: \"?([^\",}]+)\"?, port: (\\w+)}").matcher(template);
    List<Probe> out = new ArrayList<>();
    while (m.find()) {
      out.add(new Probe(m.group(1).trim(), m.group(2)));
    }
    assertThat(out).as("probes in template").isNotEmpty();
    return out;
  }

  // ------------------------------------------------------------------ rendered chart

  /** helm on the PATH, or the one deploy/validate.sh unpacks; null when there is none. */
  private static Path helm() {
    Path unpacked = DEPLOY.resolve(".cache/helm/helm");
    if (Files.isExecutable(unpacked)) {
      return unpacked;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "helm");
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static List<JsonNode> render(Path helm, Path values) throws Exception {
    Process p =
        new ProcessBuilder(
                helm.toString(),
                "template",
                "camreasoner",
                DEPLOY.resolve("helm/camreasoner").toString(),
                "--namespace",
                "camreasoner",
                "-f",
                values.toString())
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("helm template -f %s: %s", values, out).isZero();
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && d.isObject()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  /** A container's variables: its ConfigMaps (envFrom), then env (plain values, or the source). */
  private static Map<String, String> containerEnv(
      JsonNode container, Map<String, Map<String, String>> configMaps) {
    Map<String, String> env = new LinkedHashMap<>();
    container
        .path("envFrom")
        .forEach(
            f -> {
              String name = f.path("configMapRef").path("name").asText();
              assertThat(configMaps).as("ConfigMap %s", name).containsKey(name);
              env.putAll(configMaps.get(name));
            });
    container
        .path("env")
        .forEach(
            e ->
                env.put(
                    e.path("name").asText(),
                    e.has("value") ? e.path("value").asText() : e.path("valueFrom").toString()));
    return env;
  }

  /** Mount paths of the container's volumes that are Secrets. */
  private static Set<String> secretMounts(JsonNode podSpec, JsonNode container) {
    Set<String> secretVolumes = new java.util.HashSet<>();
    podSpec
        .path("volumes")
        .forEach(
            v -> {
              if (v.has("secret")) {
                secretVolumes.add(v.path("name").asText());
              }
            });
    Set<String> out = new java.util.HashSet<>();
    container
        .path("volumeMounts")
        .forEach(
            m -> {
              if (secretVolumes.contains(m.path("name").asText())) {
                out.add(m.path("mountPath").asText());
              }
            });
    return out;
  }

  private static boolean underAny(String file, Set<String> dirs) {
    return file != null && dirs.stream().anyMatch(d -> file.startsWith(d + "/"));
  }

  private static Service serviceOfImage(String image) {
    String name = image.replaceFirst(":[^/]*$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    return switch (name) {
      case "ingest" -> INGEST;
      case "aggregator" -> AGGREGATOR;
      case "worker", "worker-gpu" -> WORKER;
      case "reprocess" -> REPROCESS;
      default -> throw new AssertionError("image of no service: " + image);
    };
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
      List<String> expose,
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
    List<String> expose = List.of();
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
          } else if (entrypoint != null) {
            // a batch job's image: an entrypoint, nothing to probe
            out.put(name, new Stage(Map.copyOf(env), expose, null, null, entrypoint));
          }
        }
        name = from.group(2);
        env = new LinkedHashMap<>(envs.getOrDefault(from.group(1), Map.of()));
        expose = List.of();
        health = null;
        entrypoint = null;
      } else if (line.startsWith("ENV ")) {
        Matcher kv = Pattern.compile("(\\w+)=(\\S+)").matcher(line.substring(4));
        while (kv.find()) {
          env.put(kv.group(1), kv.group(2));
        }
      } else if (line.startsWith("EXPOSE ")) {
        expose = List.of(line.substring(7).trim().split("\\s+"));
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
    public List<io.camreasoner.aggregator.curve.CurvePoint> localCurve(
        io.camreasoner.aggregator.fold.TimelineId timeline) {
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
