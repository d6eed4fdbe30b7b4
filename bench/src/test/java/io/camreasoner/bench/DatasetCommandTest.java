package io.camreasoner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetCommandTest {

  @Test
  void shouldWriteOneRowOfLabelsScoresAndFeaturesPerWindowTheSameEveryTime() throws Exception {
    StringWriter a = new StringWriter();
    StringWriter b = new StringWriter();

    int rows = DatasetCommand.write(2500, 2500, 3, 2, a);
    DatasetCommand.write(2500, 2500, 3, 1, b);

    assertThat(rows).isEqualTo(3);
    assertThat(a.toString()).isEqualTo(b.toString()); // thread count does not matter
    List<String> lines = a.toString().lines().toList();
    assertThat(lines).hasSize(4);
    String[] header = lines.get(0).split(",");
    assertThat(header).hasSize(5 + MotionLabel.values().length + MotionFeatures.COUNT);
    assertThat(List.of(header).subList(20, header.length)).isEqualTo(MotionFeatures.NAMES);
    for (String line : lines.subList(1, 4)) {
      String[] v = line.split(",");
      assertThat(v).hasSameSizeAs(header);
      assertThat(v[0]).isEqualTo("2500");
      for (String label : v[3].split("\\+")) {
        assertThat(MotionLabel.parse(label)).isPresent();
      }
    }
  }

  @Test
  void shouldRefuseSeedsOfDevelopmentOrOfTheHeldOutRange(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DatasetCommand()).setErr(new PrintWriter(err));

    int dev = cli.execute("--seeds", "990-1010", "--out", dir.resolve("a.csv").toString());
    int held = cli.execute("--seeds", "6990-7010", "--out", dir.resolve("b.csv").toString());

    assertThat(dev).isEqualTo(2);
    assertThat(held).isEqualTo(2);
    assertThat(err.toString()).contains("held out");
  }

  @Test
  void shouldDrawFrameRatesAndSizesFromTheSeed() {
    assertThat(DatasetCommand.options(2001)).isEqualTo(DatasetCommand.options(2001));
    long distinct =
        java.util.stream.LongStream.range(2000, 2040)
            .mapToObj(DatasetCommand::options)
            .map(o -> o.fps() + "@" + o.width())
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(4);
  }
}
