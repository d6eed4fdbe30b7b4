package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.ingest.window.WindowSettings.Colour;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StackOptionsTest {

  /** A command carrying the stack options the way analyze and up do. */
  @CommandLine.Command(name = "host")
  static final class Host {
    @CommandLine.Mixin StackOptions options = new StackOptions();
  }

  private static Colour colour(String... args) {
    Host host = new Host();
    CommandLine cli = new CommandLine(host);
    cli.parseArgs(args);
    return host.options.ingestSettings(cli).window().colour();
  }

  @Test
  void shouldSendOnlyEachShotsFirstFrameInColourWhenTheBackendReadsGrey() {
    assertThat(colour()).isEqualTo(Colour.FIRST);
    assertThat(colour("--backend", "geometry")).isEqualTo(Colour.FIRST);
    assertThat(colour("--backend", "model")).isEqualTo(Colour.FIRST);
  }

  @Test
  void shouldSendEveryFrameInColourWhenTheBackendIsVlmUnlessTheOptionSaysOtherwise() {
    assertThat(colour("--backend", "vlm")).isEqualTo(Colour.ALL);
    assertThat(colour("--backend", "vlm", "--ingest-option", "window.colour=first"))
        .isEqualTo(Colour.FIRST);
    assertThat(colour("--ingest-option", "window.colour=all")).isEqualTo(Colour.ALL);
  }

  @Test
  void shouldRefuseAsAUsageErrorAnOptionThatDoesNotShapeReadingWhenGivenAsIngestOption() {
    assertThatThrownBy(() -> colour("--ingest-option", "worker.threads=3"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage(
            "--ingest-option worker.threads: only [source., window., cuts.] options are taken");
    assertThatThrownBy(() -> colour("--ingest-option", "window.colour=sepia"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("window.colour")
        .hasMessageContaining("sepia");
  }
}
