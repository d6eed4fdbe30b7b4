package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CamReasonerCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CamReasonerCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void shouldListEverySubcommandWhenAskedForHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("Usage: camreasoner")
        .contains("analyze", "up", "ingest", "worker", "aggregator", "synth", "bench");
  }

  @Test
  void shouldPrintTheBuildVersionWhenAskedForVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("camreasoner ").doesNotContain("${project.version}");
    assertThat(out.toString()).doesNotContain("unknown");
  }

  @Test
  void shouldExitWithUsageErrorWhenNoSubcommandIsGiven() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing subcommand").contains("Usage: camreasoner");
  }

  @Test
  void shouldExitWithUsageErrorWhenOptionIsUnknown() {
    assertThat(run("--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("--no-such-option");
  }
}
