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
}
