package io.camreasoner.bench;

import io.camreasoner.reasoner.AnalysisFrame;
import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.ClipGenerator;
import io.camreasoner.synth.ClipRenderer;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.SceneKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

/**
 * Benchmark clips from the synth module's ground-truth renderer ({@link ClipGenerator} with its
 * default options: 320x180, 25 fps, 1.6 s, noise, blur, moving objects, combined motions, no
 * ambiguous flat translations; other options for training data). Each clip becomes a window sampled
 * at about 12.5 frames/s (every second frame at 25 fps; up to 16 frames, as the ingest samples
 * them), JPEG-compressed at a random quality for 40 % of the clips, as frames travel through Kafka.
 */
final class SynthClips implements ClipSource {

  /** Frames per second the ingest samples by default (every second frame of 25 fps). */
  static final double SAMPLING_FPS = 12.5;

  private static final int MAX_FRAMES = 16;

  private final long seed;
  private final List<ClipSpec> specs;

  /** {@code count} clips of the generator's default options from {@code seed}. */
  SynthClips(long seed, int count) {
    this(seed, count, ClipGenerator.Options.defaults());
  }

  /** {@code count} clips of the given generator options from {@code seed}. */
  SynthClips(long seed, int count, ClipGenerator.Options options) {
    this.seed = seed;
    this.specs = ClipGenerator.generate(seed, count, options);
  }

  @Override
  public Clip clip(int index) {
    ClipSpec spec = specs.get(index);
    Random r = new Random(seed * 31 + index);
    int quality = r.nextDouble() < 0.4 ? 40 + r.nextInt(46) : 0;
    int step = Math.max(1, (int) Math.round(spec.fps() / SAMPLING_FPS));
    List<AnalysisFrame> frames = new ArrayList<>();
    try (ClipRenderer renderer = new ClipRenderer(spec)) {
      for (int i = 0; i < spec.frames() && frames.size() < MAX_FRAMES; i += step) {
        AnalysisFrame f = renderer.renderGrey(i, AnalysisFrame::new);
        frames.add(quality > 0 ? ClipFactory.jpeg(f, quality) : f);
      }
    }
    EnumSet<MotionLabel> truth = EnumSet.copyOf(spec.labels());
    String category;
    if (truth.size() > 1) {
      category = "combo";
    } else if (spec.scene() == SceneKind.STATIC_WITH_MOVERS) {
      category = "moving-objects";
    } else if (truth.contains(MotionLabel.STATIC)) {
      category = "static";
    } else if (spec.scene() == SceneKind.LAYERED_3D) {
      category = spec.movers() > 0 ? "3d+movers" : "3d";
    } else {
      category = "flat";
    }
    String description =
        String.format(
            java.util.Locale.ROOT,
            "%s %s %s %dx%d %.0ffps step %d noise %.1f blur %.2f movers %d jpeg %d",
            category,
            spec.scene(),
            spec.motion(),
            spec.width(),
            spec.height(),
            spec.fps(),
            step,
            spec.noiseSigma(),
            spec.blurSigma(),
            spec.movers(),
            quality);
    return new Clip(new AnalysisWindow(frames, spec.fps()), truth, category, description);
  }
}
