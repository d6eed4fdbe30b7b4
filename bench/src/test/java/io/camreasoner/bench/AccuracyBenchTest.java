package io.camreasoner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.MotionLabel.Kind;
import io.camreasoner.worker.backend.model.MotionModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One clip of every category through every scorer (the full benchmark is the CLI's job). */
class AccuracyBenchTest {

  @Test
  void shouldBeatTheBaselineOnConfusablePairsWhenRunOnEveryCategory() throws Exception {
    AccuracyBench.Result r;
    try (MotionModel model = MotionModel.load(null, "OnnxRuntime", 1)) {
      r =
          AccuracyBench.run(
              new ClipFactory(77_000),
              "varied",
              ClipFactory.CATEGORIES,
              77_000,
              2,
              model,
              AccuracyBench.DEFAULT_WEIGHT,
              AccuracyBench.DEFAULT_ZOOM_DOLLY_WEIGHT,
              true);
    }
    assertThat(r.reasoner().size()).isEqualTo(ClipFactory.CATEGORIES);
    assertThat(r.model().size()).isEqualTo(ClipFactory.CATEGORIES);
    assertThat(r.ensemble().size()).isEqualTo(ClipFactory.CATEGORIES);
    assertThat(r.speed().batchedWindowsPerSecond()).isPositive();
    assertThat(r.speed().modelPathWindowsPerSecond()).isPositive();
    assertThat(r.reasoner().pairRate(Kind.TRUCK, Kind.PAN))
        .isGreaterThan(r.baseline().pairRate(Kind.TRUCK, Kind.PAN));
    assertThat(r.baseline().pairRate(Kind.DOLLY, Kind.ZOOM)).isZero();
    assertThat(r.reasoner().falseMotion("moving-objects")).isZero();
    StringWriter text = new StringWriter();
    r.print(new PrintWriter(text), false);
    assertThat(text.toString())
        .contains("overall accuracy")
        .contains("mean average precision")
        .contains("truck kept apart from pan")
        .contains("Confusion matrix")
        .contains("ensemble")
        .contains("windows/s")
        .contains(r.modelVersion());
  }

  @Test
  void shouldPoolEverySeedsClipsAndNameEachClipsSeedWhenRunOnSeveralSeeds() throws Exception {
    List<AccuracyBench.Result> runs = new ArrayList<>();
    try (MotionModel model = MotionModel.load(null, "OnnxRuntime", 1)) {
      for (long seed : List.of(77_001L, 77_002L)) {
        runs.add(
            AccuracyBench.run(
                new ClipFactory(seed),
                "varied",
                4,
                seed,
                2,
                model,
                AccuracyBench.DEFAULT_WEIGHT,
                AccuracyBench.DEFAULT_ZOOM_DOLLY_WEIGHT,
                true));
      }
    }
    AccuracyBench.Result pooled = AccuracyBench.Result.pooled(runs, "77001-77002");

    assertThat(pooled.reasoner().size()).isEqualTo(8);
    assertThat(pooled.baseline().size()).isEqualTo(8);
    double right = 4 * runs.get(0).reasoner().accuracy() + 4 * runs.get(1).reasoner().accuracy();
    assertThat(pooled.reasoner().accuracy()).isCloseTo(right / 8, within(1e-9));
    assertThat(pooled.clipLines()).hasSize(8);
    assertThat(pooled.clipLines().get(0))
        .matches(
            "CLIP (ok   |wrong) 77001/0 truth=\\[.*\\] answer=\\[.*\\] model=\\[.*\\]\\{.*\\} ensemble=\\[.*\\] .*");
    assertThat(pooled.clipLines().get(7)).matches("CLIP (ok   |wrong) 77002/3 truth=.*");
    StringWriter text = new StringWriter();
    pooled.print(new PrintWriter(text), false);
    AccuracyBench.Result.printSeeds(new PrintWriter(text), runs);
    assertThat(text.toString())
        .contains("Accuracy benchmark: 8 varied clips, seeds 77001-77002")
        .containsPattern(
            "seed 77001 +4 clips, geometry [01]\\.\\d{3}, static false positives \\d+");
  }

  @Test
  void shouldReadSeedsAndRangesInTheOrderGivenAndRefuseWhatIsNeither() {
    assertThat(AccuracyBench.parseSeeds("1000, 7001,1001-1003"))
        .containsExactly(1000L, 7001L, 1001L, 1002L, 1003L);
    assertThatThrownBy(() -> AccuracyBench.parseSeeds("1000,x"))
        .hasMessage("--seeds: 'x' is neither a seed nor a range A-B (in 1000,x)");
    assertThatThrownBy(() -> AccuracyBench.parseSeeds("1005-1001"))
        .hasMessage("--seeds: range 1005-1001 must go up, by fewer than 10000 seeds");
  }

  @Test
  void shouldListTheScoresOverTheMinimumHighestFirst() {
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    scores.put(MotionLabel.ZOOM_IN, 0.21);
    scores.put(MotionLabel.DOLLY_IN, 0.834);
    scores.put(MotionLabel.PAN_LEFT, 0.05);
    assertThat(AccuracyBench.scoresOver(scores, 0.1)).isEqualTo("{dolly-in 0.83, zoom-in 0.21}");
    assertThat(AccuracyBench.scoresOver(scores, 0.9)).isEqualTo("{}");
  }

  @Test
  void shouldRefuseSeedAndSeedsTogether() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new AccuracyBench())
            .setErr(new PrintWriter(err))
            .execute("--seed", "5", "--seeds", "6,7", "--source", "varied", "--clips", "1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("give --seed or --seeds, not both");
  }

  @Test
  void shouldRefuseAnUnknownSourceBeforeRenderingAnything() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new AccuracyBench())
            .setErr(new PrintWriter(err))
            .execute("--seeds", "6,7", "--source", "moving", "--clips", "1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "--source must be synth, varied, movers, slow, real-footage, real-photos or all, got"
                + " moving");
  }

  @Test
  void shouldRenderTheSameClipForTheSameSeedAndIndex() {
    Clip a = new ClipFactory(5).clip(3);
    Clip b = new ClipFactory(5).clip(3);
    assertThat(a.description()).isEqualTo(b.description());
    assertThat(a.window().frames().get(2).gray()).isEqualTo(b.window().frames().get(2).gray());
  }
}
