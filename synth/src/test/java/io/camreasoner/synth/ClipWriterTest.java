package io.camreasoner.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipWriterTest {
  @TempDir Path dir;

  @Test
  void shouldDecodeBackWithFrameCountSizeAndRateWhenProgrammeIsWritten() throws Exception {
    Programme p = ProgrammeGenerator.generate(99, "p", 3, 160, 90, 25, 2.0, true);
    Path file = dir.resolve("p.mp4");
    ClipWriter.write(file, p, 5);
    assertThat(Files.size(file)).isGreaterThan(1000);
    int frames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(160);
      assertThat(grabber.getImageHeight()).isEqualTo(90);
      assertThat(grabber.getFrameRate()).isEqualTo(25.0);
      Frame f;
      while ((f = grabber.grabImage()) != null) {
        assertThat(f.imageWidth).isEqualTo(160);
        frames++;
      }
      grabber.stop();
    }
    assertThat(frames).isEqualTo(p.frames());
  }

  @Test
  void shouldDecodeBackAsH264AtItsBitRateWhenProgrammeIsWrittenWithH264() throws Exception {
    Programme p = ProgrammeGenerator.generate(99, "p", 3, 320, 180, 25, 4.0, false);
    Path file = dir.resolve("p.mp4");
    ClipWriter.write(file, p, ClipWriter.Codec.H264, ClipWriter.DEFAULT_QUALITY);
    int frames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
      assertThat(grabber.getImageWidth()).isEqualTo(320);
      while (grabber.grabImage() != null) {
        frames++;
      }
      grabber.stop();
    }
    assertThat(frames).isEqualTo(p.frames());
    double seconds = p.frames() / 25.0;
    double bitsPerSecond = Files.size(file) * 8 / seconds;
    double target = ClipWriter.H264_BITS_PER_PIXEL * 320 * 180 * 25;
    // openh264's rate control lands near its target over a few seconds
    assertThat(bitsPerSecond).isBetween(0.4 * target, 1.6 * target);
  }

  @Test
  void shouldListCutsAtShotStartsWhenProgrammeLabelsAreWritten() throws Exception {
    Programme p = ProgrammeGenerator.generate(5, "p", 4, 160, 90, 25, 3.0, true);
    assertThat(p.cuts()).hasSize(3);
    for (int i = 1; i < p.shots().size(); i++) {
      assertThat(p.cuts().get(i - 1)).isEqualTo(p.shots().get(i).startFrame());
      assertThat(p.shots().get(i - 1).endFrame()).isEqualTo(p.shots().get(i).startFrame());
    }
    LabelsJson.LabelsFile labels = new LabelsJson.LabelsFile(5, List.of(LabelsJson.of("p.mp4", p)));
    Path path = dir.resolve("labels.json");
    LabelsJson.write(path, labels);
    LabelsJson.LabelsFile back = LabelsJson.read(path);
    assertThat(back).isEqualTo(labels);
    assertThat(back.clips().get(0).cuts()).isEqualTo(p.cuts());
    assertThat(back.clips().get(0).shots().get(0).labels()).isNotEmpty();
    // same seed, same ground truth, byte for byte
    assertThat(
            LabelsJson.toJson(
                new LabelsJson.LabelsFile(
                    5,
                    List.of(
                        LabelsJson.of(
                            "p.mp4",
                            ProgrammeGenerator.generate(5, "p", 4, 160, 90, 25, 3.0, true))))))
        .isEqualTo(LabelsJson.toJson(labels));
  }

  @Test
  void shouldCoverEveryLabelWhenManyClipsAreGenerated() {
    var specs = ClipGenerator.generate(1, 300, ClipGenerator.Options.defaults());
    var seen = specs.stream().flatMap(s -> s.labels().stream()).distinct().count();
    assertThat(seen).isEqualTo(15);
    assertThat(specs).noneMatch(ClipSpec::ambiguous);
  }
}
