package io.camreasoner.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingGroupTest {
  static final Setting<Integer> THREADS =
      Setting.integer("worker.threads", 4, "Processing threads.").range(1, 64);
  static final Setting<String> BACKEND =
      Setting.choice(
          "reasoner.backend", "geometry", List.of("geometry", "model", "vlm"), "Reasoner backend.");
  static final Setting<Duration> WAIT =
      Setting.duration("batch.max-wait", "20ms", "Batch wait | max.");
  static final Setting<String> BOOTSTRAP =
      Setting.string("kafka.bootstrap", null, "Kafka bootstrap servers.");
  static final Setting<Boolean> OPEN =
      Setting.bool("http.open", false, "Listen on all interfaces.");
  static final SettingGroup GROUP =
      SettingGroup.of("worker", THREADS, BACKEND, WAIT, BOOTSTRAP, OPEN);

  @Test
  void shouldTakeCommandLineOverEnvironmentOverDefaults() {
    Map<String, String> env =
        Map.of(
            "CAMREASONER_WORKER_THREADS",
            "8",
            "CAMREASONER_KAFKA_BOOTSTRAP",
            "env:9092",
            "CAMREASONER_BATCH_MAX_WAIT",
            "2s");
    List<String> rest = new ArrayList<>();
    Map<String, String> cli =
        GROUP.fromArgs(
            List.of("--worker.threads=2", "clip.mp4", "--reasoner.backend", "VLM", "--other"),
            rest);
    SettingGroup.Config cfg = GROUP.parse(cli, env::get);
    assertThat(cfg.get(THREADS)).isEqualTo(2);
    assertThat(cfg.get(BACKEND)).isEqualTo("vlm");
    assertThat(cfg.get(BOOTSTRAP)).isEqualTo("env:9092");
    assertThat(cfg.get(WAIT)).isEqualTo(Duration.ofSeconds(2));
    assertThat(cfg.get(OPEN)).isFalse();
    assertThat(rest).containsExactly("clip.mp4", "--other");
  }

  @Test
  void shouldNameEveryBadOptionAtOnceWhenValidationFails() {
    assertThatThrownBy(
            () ->
                GROUP.parse(
                    Map.of(
                        "worker.threads",
                        "0",
                        "reasoner.backend",
                        "gpu",
                        "batch.max-wait",
                        "soon",
                        "worker.thread",
                        "3"),
                    k -> null))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactlyInAnyOrder(
                        "unknown option 'worker.thread' (did you mean 'worker.threads'?)",
                        "worker.threads='0' must be in [1, 64]",
                        "reasoner.backend='gpu' must be one of [geometry, model, vlm]",
                        "batch.max-wait='soon' is not a valid duration",
                        "kafka.bootstrap is required (Kafka bootstrap servers.)"))
        .hasMessageStartingWith("invalid worker configuration: ");
  }

  @Test
  void shouldPassPrefixedOptionsThroughWhenTheGroupDeclaresThePrefix() {
    SettingGroup group = GROUP.with(ClusterSettings.GROUP);
    List<String> rest = new ArrayList<>();
    Map<String, String> cli =
        group.fromArgs(
            List.of(
                "--kafka.bootstrap=k:9093",
                "--kafka.client.security.protocol=SASL_SSL",
                "--kafka.client.sasl.mechanism",
                "PLAIN",
                "clip.mp4"),
            rest);
    SettingGroup.Config cfg = group.parse(cli, k -> null);

    assertThat(rest).containsExactly("clip.mp4");
    assertThat(cfg.prefixed(ClusterSettings.KAFKA_CLIENT_PREFIX))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
    assertThat(group.declares("kafka.client.ssl.truststore.location")).isTrue();
    assertThat(group.declares("kafka.client.")).isFalse();
    assertThat(group.markdownTable()).contains("| `kafka.client.*` | | One Kafka client property");
    assertThat(group.helpText()).contains("--kafka.client.<name>=<value>");
    // without the prefix declared the same option is unknown
    assertThatThrownBy(() -> GROUP.parse(Map.of("kafka.client.acks", "1"), k -> null))
        .hasMessageContaining("unknown option 'kafka.client.acks'");
  }

  @Test
  void shouldLayerKafkaClientOptionsOverThePropertiesFileWhenBothAreGiven(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file =
        java.nio.file.Files.writeString(
            dir.resolve("client.properties"),
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"u\" password=\"p\";\n");
    SettingGroup.Config cfg =
        ClusterSettings.GROUP.parse(
            Map.of("kafka.config-file", file.toString(), "kafka.client.sasl.mechanism", "PLAIN"),
            k -> null);

    Map<String, String> props = ClusterSettings.kafkaClient(cfg);

    assertThat(props)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                + " password=\"p\";");
    assertThatThrownBy(
            () -> ClusterSettings.kafkaClient(dir.resolve("missing").toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.config-file: cannot read Kafka client properties");
  }

  @Test
  void shouldRenderHelpAndMarkdownFromTheSameDeclarations() {
    String table = GROUP.markdownTable();
    assertThat(table).startsWith("| option | default | description |\n|---|---|---|\n");
    assertThat(table).contains("| `worker.threads` | `4` | Processing threads. |");
    assertThat(table).contains("| `kafka.bootstrap` | (required) | Kafka bootstrap servers. |");
    assertThat(table).contains("Batch wait \\| max.");
    String help = GROUP.helpText();
    assertThat(help)
        .contains("--reasoner.backend=<geometry|model|vlm>")
        .contains("env: CAMREASONER_REASONER_BACKEND")
        .contains("default: 'geometry'");
    assertThat(GROUP.settings()).hasSize(5);
  }

  @Test
  void shouldRefuseDuplicateDeclarations() {
    assertThatThrownBy(() -> SettingGroup.of("x", THREADS, THREADS))
        .hasMessageContaining("declared twice");
  }

  @Test
  void shouldReportOnlyTheBrokenRuleWhenASettingHasSeveral() {
    Setting<String> topic =
        Setting.string("topics.out", "out", "Output topic.")
            .notBlank()
            .validate(t -> !t.contains(" "), "must not contain spaces");
    SettingGroup group = SettingGroup.of("x", topic);

    assertThatThrownBy(() -> group.parse(Map.of("topics.out", ""), k -> null))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly("topics.out='' must not be blank"));
    assertThatThrownBy(() -> group.parse(Map.of("topics.out", "a b"), k -> null))
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly("topics.out='a b' must not contain spaces"));
    assertThat(group.parse(Map.of(), k -> null).get(topic)).isEqualTo("out");
  }

  /** An enum with spellings of its own, as option values are written. */
  enum Input {
    IMAGES,
    SHORT_VIDEO;

    String spelling() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  @Test
  void shouldParseAnEnumChoiceBySpellingWhenTheSettingIsDeclaredFromTheEnum() {
    Setting<Input> input = Setting.choice("vlm.input", Input.IMAGES, Input::spelling, "Input.");
    SettingGroup group = SettingGroup.of("worker", input);

    assertThat(input.type()).isEqualTo("images|short-video");
    assertThat(input.defaultText()).isEqualTo("images");
    assertThat(input.withDefault(Input.SHORT_VIDEO).defaultText()).isEqualTo("short-video");
    assertThat(group.parse(Map.of(), k -> null).get(input)).isEqualTo(Input.IMAGES);
    assertThat(group.parse(Map.of("vlm.input", " Short-Video "), k -> null).get(input))
        .isEqualTo(Input.SHORT_VIDEO);
    assertThatThrownBy(() -> group.parse(Map.of("vlm.input", "SHORT_VIDEO"), k -> null))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "vlm.input='SHORT_VIDEO' must be one of [images, short-video]"));
  }
}
