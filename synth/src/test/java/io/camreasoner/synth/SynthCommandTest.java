package io.camreasoner.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {
  @TempDir Path dir;

  @Test
  void shouldWriteClipsAndLabelsWhenRunWithSmallSettings() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SynthCommand());
    cli.setOut(new PrintWriter(out, true));
    int code =
        cli.execute(
            "--out",
            dir.toString(),
            "--clips",
            "2",
            "--shots",
            "2",
            "--seconds",
            "1.5",
            "--width",
            "160",
            "--height",
            "90",
            "--seed",
            "3");
    assertThat(code).isZero();
    assertThat(dir.resolve("clip-0000.mp4")).exists();
    assertThat(dir.resolve("clip-0001.mp4")).exists();
    LabelsJson.LabelsFile labels = LabelsJson.read(dir.resolve("labels.json"));
    assertThat(labels.clips()).hasSize(2);
    assertThat(labels.clips().get(0).shots()).hasSize(2);
    assertThat(out.toString()).contains("wrote").contains("labels.json");
    assertThat(Files.size(dir.resolve("clip-0000.mp4"))).isPositive();
  }

  @Test
  void shouldExitWithUsageErrorWhenOptionsAreImpossible() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SynthCommand());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("--out", dir.toString(), "--clips", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--clips >= 1");
  }
}
