package io.camreasoner.bench;

import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.reasoner.CameraMotionReasoner;
import io.camreasoner.reasoner.GeometricReasoner;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * and deciding) from its cues. Rates are per CPU second of the measuring thread (OpenCV is held to
 * that thread), so other work on a shared machine stretches the run but not the figures; the wall
 * clock rate is printed beside them.
 */
@Command(
    name = "speed",
    mixinStandardHelpOptions = true,
    description = "Analysed frames/s per core of the reasoner vs the baseline (one thread).")
final class SpeedBench implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Measuring time per reasoner, in CPU seconds of the measuring thread.")
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
    double[] g = new double[3];
    double[] b = new double[3];
    for (int round = 0; round < 2; round++) {
      add(g, measure(geometry, windows, seconds / 2));
      add(b, measure(baseline, windows, seconds / 2));
    }
    String clock = CPU.isCurrentThreadCpuTimeSupported() ? "per CPU second" : "wall clock";
    out.printf(Locale.ROOT, "Speed benchmark: one thread, 320x180 windows of 12-16 frames%n");
    printRate(out, "geometric reasoner", g, clock);
    printRate(out, "similarity baseline", b, clock);
    out.printf(Locale.ROOT, "%-22s %12.2fx%n", "ratio", (g[0] / g[2]) / (b[0] / b[2]));
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

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /**
   * Returns {frames analysed, wall seconds, CPU seconds}, running until the thread has used {@code
   * s} CPU seconds (wall seconds where the JVM cannot measure thread CPU time; then the CPU seconds
   * are the wall seconds).
   */
  private static double[] measure(CameraMotionReasoner r, List<AnalysisWindow> windows, double s) {
    boolean cpu = CPU.isCurrentThreadCpuTimeSupported();
    long frames = 0;
    long wallStart = System.nanoTime();
    long cpuStart = cpu ? CPU.getCurrentThreadCpuTime() : wallStart;
    long budget = (long) (s * 1e9);
    int i = 0;
    long used = 0;
    while (used < budget) {
      AnalysisWindow w = windows.get(i++ % windows.size());
      r.reason(w);
      frames += w.frames().size();
      used = (cpu ? CPU.getCurrentThreadCpuTime() : System.nanoTime()) - cpuStart;
    }
    return new double[] {frames, (System.nanoTime() - wallStart) / 1e9, used / 1e9};
  }

  /**
   * One row: frames per CPU second (or wall second) of {frames, wall s, CPU s}, wall rate beside.
   */
  private static void printRate(PrintWriter out, String name, double[] m, String clock) {
    out.printf(
        Locale.ROOT,
        "%-22s %12.1f frames/s %s (%.1f wall clock)%n",
        name,
        m[0] / m[2],
        clock,
        m[0] / m[1]);
  }

  private static void add(double[] sum, double[] more) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] += more[k];
    }
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
