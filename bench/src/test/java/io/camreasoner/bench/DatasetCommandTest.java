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

    int rows = DatasetCommand.write(2500, 2500, 3, 0, null, 2, a);
    DatasetCommand.write(2500, 2500, 3, 0, null, 1, b);

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
  void shouldAddGroupClipsWhoseCategoriesContinueOverConsecutiveSeedsWhenGroupClipsAreAsked()
      throws Exception {
    StringWriter w = new StringWriter();

    int rows = DatasetCommand.write(2500, 2501, 1, 2, null, 2, w);

    // per seed: 1 synth clip, 2 movers and 2 slow clips (the real groups need the real data)
    assertThat(rows).isEqualTo(10);
    List<String[]> v = w.toString().lines().skip(1).map(l -> l.split(",")).toList();
    assertThat(v.stream().map(r -> r[0] + " " + r[2].replaceAll("/.*", "")).toList())
        .containsExactly(
            "2500 " + v.get(0)[2],
            "2500 movers",
            "2500 movers",
            "2500 slow",
            "2500 slow",
            "2501 " + v.get(5)[2],
            "2501 movers",
            "2501 movers",
            "2501 slow",
            "2501 slow");
    // a group's 16 categories (14 motions, two still cameras) cycle over the seeds: seed 2500's
    // clips are numbers 5000 and 5001 of the cycle (motions 8 and 9), seed 2501's 5002 and 5003
    assertThat(List.of(v.get(1)[1], v.get(2)[1], v.get(6)[1], v.get(7)[1]))
        .containsExactly("5000", "5001", "5002", "5003");
    assertThat(List.of(v.get(1)[3], v.get(2)[3], v.get(6)[3], v.get(7)[3], v.get(8)[3]))
        .containsExactly("dolly-in", "dolly-out", "truck-left", "truck-right", "truck-left");
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
