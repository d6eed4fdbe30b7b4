package io.camreasoner.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

  @TempDir Path dir;

  private static String header(List<String> features) {
    List<String> h = new ArrayList<>(List.of("seed", "index", "category", "truth", "geometry"));
    for (MotionLabel l : MotionLabel.values()) {
      h.add("g:" + l.label());
    }
    h.addAll(features);
    return String.join(",", h);
  }

  private static String row(long seed, String truth, String geometry, float value) {
    StringBuilder s = new StringBuilder(seed + ",0,combo," + truth + "," + geometry);
    for (MotionLabel l : MotionLabel.values()) {
      s.append(',').append(l == MotionLabel.PAN_LEFT ? "0.9" : "0.01");
    }
    for (int i = 0; i < MotionFeatures.COUNT; i++) {
      s.append(',').append(value + i);
    }
    return s.toString();
  }

  @Test
  void shouldReadTargetsScoresAndFeaturesOfEveryWindow() throws Exception {
    Path file = dir.resolve("d.csv");
    Files.write(
        file,
        List.of(
            header(MotionFeatures.NAMES),
            row(2000, "pan-left+tilt-up", "pan-left", 0.5f),
            row(2001, "static", "static", -1f)));

    Dataset d = Dataset.read(file);

    assertThat(d.size()).isEqualTo(2);
    Dataset.Row r = d.rows().get(0);
    assertThat(r.truth()).containsExactlyInAnyOrder(MotionLabel.PAN_LEFT, MotionLabel.TILT_UP);
    assertThat(r.geometry()).containsExactly(MotionLabel.PAN_LEFT);
    assertThat(r.targets()[MotionLabel.TILT_UP.ordinal()]).isEqualTo(1f);
    assertThat(r.targets()[MotionLabel.STATIC.ordinal()]).isEqualTo(0f);
    assertThat(r.geometryScoreMap().get(MotionLabel.PAN_LEFT)).isEqualTo((double) 0.9f);
    assertThat(d.features()[1][3]).isEqualTo(2f);
    assertThat(d.rows().get(1).seed()).isEqualTo(2001);
  }

  @Test
  void shouldReadSeveralFilesAsOneInTheOrderGivenWhenTrainingUsesMoreThanOneFile()
      throws Exception {
    Path synth = dir.resolve("synth.csv");
    Path groups = dir.resolve("groups.csv");
    Files.write(
        synth, List.of(header(MotionFeatures.NAMES), row(2000, "pan-left", "pan-left", 1f)));
    Files.write(
        groups,
        List.of(
            header(MotionFeatures.NAMES),
            row(2200, "dolly-in", "zoom-in", 2f),
            row(2201, "static", "static", 3f)));

    Dataset d = Dataset.read(List.of(groups, synth));

    assertThat(d.rows()).extracting(Dataset.Row::seed).containsExactly(2200L, 2201L, 2000L);
    assertThat(d.features()[2][0]).isEqualTo(1f);
  }

  @Test
  void shouldRefuseAFileOfAnotherFeatureLayout() throws IOException {
    Path file = dir.resolve("old.csv");
    Files.write(file, List.of(header(List.of("translationX", "translationY")), "1,0,3d,static"));

    assertThatThrownBy(() -> Dataset.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(MotionFeatures.VERSION)
        .hasMessageContaining("bench dataset");
  }
}
