package io.camreasoner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.MotionLabel.Kind;
import io.camreasoner.worker.backend.model.MotionModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** One clip of every category through every scorer (the full benchmark is the CLI's job). */
class AccuracyBenchTest {

  @Test
  void shouldBeatTheBaselineOnConfusablePairsWhenRunOnEveryCategory() throws Exception {
    AccuracyBench.Result r;
    try (MotionModel model = MotionModel.load(null, "OnnxRuntime", 1)) {
      r =
          AccuracyBench.run(
              new ClipFactory(77_000), "varied", ClipFactory.CATEGORIES, 77_000, 2, model, 0.5);
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
  void shouldRenderTheSameClipForTheSameSeedAndIndex() {
    Clip a = new ClipFactory(5).clip(3);
    Clip b = new ClipFactory(5).clip(3);
    assertThat(a.description()).isEqualTo(b.description());
    assertThat(a.window().frames().get(2).gray()).isEqualTo(b.window().frames().get(2).gray());
  }
}
