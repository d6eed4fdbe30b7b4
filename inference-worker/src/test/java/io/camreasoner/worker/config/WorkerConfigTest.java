package io.camreasoner.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.worker.InferenceWorkerSettings;
import io.camreasoner.worker.backend.model.ModelEnsemble;
import io.camreasoner.worker.backend.model.ModelSettings;
import io.camreasoner.worker.backend.vlm.PromptMode;
import io.camreasoner.worker.loop.WorkerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void shouldFillDefaultsFromTheDeclarations() {
    WorkerConfig c = WorkerConfig.parse(Map.of(), k -> null);
    WorkerSettings s = c.workerSettings();

    assertThat(c.backend()).isEqualTo("geometry");
    assertThat(s.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.inputTopic()).isEqualTo(InferenceWorkerSettings.TOPIC_FRAME_WINDOWS.defaultText());
    assertThat(s.maxBatchWait()).isEqualTo(Duration.ofMillis(20));
    assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.transactionalId()).isEqualTo("camreasoner-worker-0");
    assertThat(c.options().get(InferenceWorkerSettings.OPS_PORT)).isEqualTo(8082);
    assertThat(c.serdeProperties()).containsEntry("schema.registry.url", "http://localhost:8081");
  }

  @Test
  void shouldTakeOptionsFromTheEnvironmentWhenTheyAreNotGivenExplicitly() {
    Map<String, String> env =
        Map.of(
            "CAMREASONER_WORKER_THREADS", "3",
            "CAMREASONER_WORKER_INSTANCE_ID", "pod-7",
            "CAMREASONER_KAFKA_BOOTSTRAP", "env:9092");

    WorkerConfig c = WorkerConfig.parse(Map.of("kafka.bootstrap", "cli:9092"), env::get);

    assertThat(c.workerSettings().threads()).isEqualTo(3);
    assertThat(c.workerSettings().transactionalId()).isEqualTo("camreasoner-worker-pod-7");
    assertThat(c.workerSettings().bootstrapServers()).isEqualTo("cli:9092");
    assertThat(InferenceWorkerSettings.BATCH_MAX_WAIT.envName())
        .isEqualTo("CAMREASONER_WORKER_BATCH_MAX_WAIT");
    WorkerConfig withAuth =
        WorkerConfig.parse(Map.of(), Map.of("CAMREASONER_SCHEMA_REGISTRY_BASIC_AUTH", "u:p")::get);
    assertThat(withAuth.serdeProperties())
        .containsEntry("basic.auth.credentials.source", "USER_INFO")
        .containsEntry("basic.auth.user.info", "u:p");
  }

  @Test
  void shouldLayerKafkaClientOptionsOverTheConfigFileWhenBothAreGiven(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("client.properties"),
            "security.protocol=SSL\nssl.truststore.location=/etc/ts.jks\n");

    WorkerConfig c =
        WorkerConfig.parse(
            Map.of(
                "kafka.config-file", file.toString(), "kafka.client.security.protocol", "SASL_SSL"),
            k -> null);

    assertThat(c.kafkaClient())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", "/etc/ts.jks");
    assertThatThrownBy(
            () ->
                WorkerConfig.parse(
                    Map.of("kafka.config-file", dir.resolve("none").toString()), k -> null))
        .hasMessageContaining("kafka.config-file: cannot read Kafka client properties");
  }

  @Test
  void shouldReadVlmSettingsWithTheKeyFromTheNamedEnvironmentVariable() {
    WorkerConfig c =
        WorkerConfig.parse(
            Map.of(
                "reasoner.backend", "vlm",
                "vlm.api-key-env", "MY_KEY",
                "vlm.prompt.mode", "per-primitive",
                "vlm.timeout", "2m"),
            k -> k.equals("MY_KEY") ? "s3cret" : null);

    assertThat(c.vlmSettings().apiKey()).isEqualTo("s3cret");
    assertThat(c.vlmSettings().mode()).isEqualTo(PromptMode.PER_PRIMITIVE);
    assertThat(c.vlmSettings().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.vlmSettings().toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldNameEveryBadOptionWhenValuesAreBad() {
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("worker.threads", "many"), k -> null))
        .hasMessage("invalid worker configuration: worker.threads='many' is not a valid int");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("worker.threads", "-1"), k -> null))
        .hasMessageContaining("worker.threads='-1' must be in [0, 1024]");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("worker.batch.max-wait", "soon"), k -> null))
        .hasMessageContaining("worker.batch.max-wait='soon' is not a valid duration");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("worker.poll-timeout", "0ms"), k -> null))
        .hasMessageContaining("worker.poll-timeout='0ms' must be positive");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("worker.group-id", " "), k -> null))
        .hasMessageContaining("worker.group-id=' ' must not be blank");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("reasoner.backend", "magic"), k -> null))
        .hasMessageContaining("reasoner.backend='magic' must be one of [geometry, model, vlm]");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("model.ensemble", "vlm"), k -> null))
        .hasMessageContaining("model.ensemble='vlm' must be one of [none, geometry]");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("model.ensemble.weight", "0"), k -> null))
        .hasMessageContaining("model.ensemble.weight='0' must be a number in (0, 1]");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("vlm.url", "ftp://x"), k -> null))
        .hasMessageContaining("vlm.url='ftp://x' must be an http(s) URL");
    assertThatThrownBy(
            () ->
                WorkerConfig.parse(
                    Map.of("vlm.prompt.mode", "chat", "model.threshold", "1"), k -> null))
        .hasMessageContaining(
            "vlm.prompt.mode='chat' must be one of [multiple-choice, per-primitive]")
        .hasMessageContaining("model.threshold='1' must be a number in (0, 1)");
  }

  @Test
  void shouldAcceptIsoDurationsWhenGivenInsteadOfShortOnes() {
    WorkerConfig c = WorkerConfig.parse(Map.of("worker.shutdown-timeout", "PT45S"), k -> null);

    assertThat(c.workerSettings().shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void shouldUseTheShippedModelBlendedWithGeometryWhenNothingIsSet() {
    WorkerConfig c = WorkerConfig.parse(Map.of("reasoner.backend", "model"), k -> null);
    ModelSettings m = c.modelSettings();

    assertThat(m.modelPath()).isNull();
    assertThat(m.engine()).isEqualTo("OnnxRuntime");
    assertThat(m.ensemble()).isEqualTo(ModelEnsemble.GEOMETRY);
    assertThat(m.ensembleWeight()).isEqualTo(0.5);
    assertThat(m.zoomDollyWeight()).isEqualTo(0.7);

    ModelSettings own =
        WorkerConfig.parse(
                Map.of("model.path", "/models/mine.onnx", "model.ensemble", "none"), k -> null)
            .modelSettings();
    assertThat(own.modelPath()).isEqualTo(Path.of("/models/mine.onnx"));
    assertThat(own.ensemble()).isEqualTo(ModelEnsemble.NONE);
  }

  @Test
  void shouldPassPrefixedOptionsToTheKafkaClientsAndTheSerdes() {
    WorkerConfig c =
        WorkerConfig.parse(
            Map.of(
                "kafka.client.security.protocol", "SSL",
                "serde.basic.auth.user.info", "u:p",
                "schema.registry.url", "http://registry:8081"),
            k -> null);

    assertThat(c.kafkaClient()).containsExactly(Map.entry("security.protocol", "SSL"));
    assertThat(c.serdeProperties())
        .containsEntry("basic.auth.user.info", "u:p")
        .containsEntry("schema.registry.url", "http://registry:8081");
  }

  @Test
  void shouldRejectUnknownOptionsWithASuggestionWhenAnOptionIsMisspelt() {
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("worker.treads", "2"), k -> null))
        .hasMessage(
            "invalid worker configuration: unknown option 'worker.treads' (did you mean"
                + " 'worker.threads'?)");
    assertThatThrownBy(() -> WorkerConfig.parse(Map.of("ingest.fps", "5"), k -> null))
        .hasMessageContaining("unknown option 'ingest.fps'");
  }

  @Test
  void shouldDocumentEveryOptionInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("README.md"));

    assertThat(readme).contains(InferenceWorkerSettings.GROUP.markdownTable());
  }
}
