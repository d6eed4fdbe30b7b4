package io.camreasoner.bench;

import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.reasoner.CameraMotionReasoner;
import io.camreasoner.reasoner.GeometricReasoner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camreasoner bench speed}: analysed frames per second on one thread (one core) at the
 * default analysis resolution (320x180), for the geometric reasoner and the naive baseline,
 * interleaved in one run, with the reasoner's own split of where the time goes (tracking vs fitting
 * and deciding) from its cues.
 */
@Command(
    name = "speed",
    mixinStandardHelpOptions = true,
    description = "Analysed frames/s per core of the reasoner vs the baseline (one thread).")
final class SpeedBench implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--seconds", defaultValue = "10", description = "Measuring time per reasoner.")
  double seconds;

  @Option(names = "--clips", defaultValue = "36", description = "Distinct windows cycled.")
  int clips;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // Per core: keep OpenCV from spreading one call over several threads.
    org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
    List<AnalysisWindow> windows = new ArrayList<>();
    ClipFactory factory = new ClipFactory(2000);
    for (int i = 0; i < clips; i++) {
      windows.add(factory.clip(i, new int[] {320, 180}).window());
    }
    CameraMotionReasoner geometry = new GeometricReasoner();
    CameraMotionReasoner baseline = new SimilarityBaseline();
    measure(geometry, windows, 2); // warm-up
    measure(baseline, windows, 1);
    double[] g = new double[2];
    double[] b = new double[2];
    for (int round = 0; round < 2; round++) {
      double[] gr = measure(geometry, windows, seconds / 2);
      double[] br = measure(baseline, windows, seconds / 2);
      g[0] += gr[0];
      g[1] += gr[1];
      b[0] += br[0];
      b[1] += br[1];
    }
    double gfps = g[0] / g[1];
    double bfps = b[0] / b[1];
    out.printf(Locale.ROOT, "Speed benchmark: one thread, 320x180 windows of 12-16 frames%n");
    out.printf(Locale.ROOT, "%-22s %12.1f frames/s%n", "geometric reasoner", gfps);
    out.printf(Locale.ROOT, "%-22s %12.1f frames/s%n", "similarity baseline", bfps);
    out.printf(Locale.ROOT, "%-22s %12.2fx%n", "ratio", gfps / bfps);
    double[] split = split(new GeometricReasoner(), windows);
    out.printf(
        Locale.ROOT,
        "time per frame: %.2f ms tracking (corners + forward-backward LK), %.2f ms fitting"
            + " and deciding%n",
        split[0],
        split[1]);
    out.flush();
    return 0;
  }

  /** Returns {frames analysed, seconds}. */
  private static double[] measure(CameraMotionReasoner r, List<AnalysisWindow> windows, double s) {
    long frames = 0;
    long start = System.nanoTime();
    long end = start + (long) (s * 1e9);
    int i = 0;
    while (System.nanoTime() < end) {
      AnalysisWindow w = windows.get(i++ % windows.size());
      r.reason(w);
      frames += w.frames().size();
    }
    return new double[] {frames, (System.nanoTime() - start) / 1e9};
  }

  private static double[] split(GeometricReasoner r, List<AnalysisWindow> windows) {
    double track = 0;
    double fit = 0;
    long frames = 0;
    for (AnalysisWindow w : windows) {
      var cues = r.reason(w).cues();
      track += cues.extra().getOrDefault("trackingMillis", 0.0);
      fit += cues.extra().getOrDefault("fittingMillis", 0.0);
      frames += w.frames().size();
    }
    return new double[] {track / frames, fit / frames};
  }
}
