package io.camreasoner.bench;

import io.camreasoner.reasoner.GeometricReasoner;
import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.ClipGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camreasoner bench dataset}: the training data of learned motion models. Renders labelled
 * synth clips over a range of seeds, runs {@link GeometricReasoner#analyse} on each window and
 * writes one CSV row per window: where it came from, the true labels, the geometric reasoner's
 * labels and 15 scores (so an ensemble can be tuned offline) and the {@link MotionFeatures}. Rows
 * are compact (about 1 KB), so the file is what travels to a GPU training host, not frames.
 *
 * <p>Recipe per seed (deterministic from the seed): frame rate drawn from 24, 25, 30 and 50 fps,
 * size from 320x180 (most), 480x270 and 640x360, 1.6 s clips of {@link ClipGenerator} (all 15
 * labels uniformly, varied speeds, scenes, textures, noise, blur, moving objects, 15 % two-motion
 * combinations, no ambiguous flat translations), windows sampled at 12.5 frames/s, 40 % of them
 * JPEG-compressed (see {@link SynthClips}). With {@code --group-clips N}, each seed also gives N
 * clips of each of issue 16's groups ({@link GroupClips}: movers, slow moves, real footage under a
 * virtual camera, real photographs with movers), their categories cycling over consecutive seeds so
 * every label is drawn alike; their category column reads {@code group/category}. Keep training
 * seeds away from 1..1099 (reasoner development) and from 7000 up (held out for {@code bench
 * accuracy}).
 */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description =
        "Training data for learned models: motion features + labels of rendered synth and group"
            + " clips (CSV).")
final class DatasetCommand implements Callable<Integer> {

  private static final double[] RATES = {24, 25, 25, 30, 50};
  private static final int[][] SIZES = {{320, 180}, {320, 180}, {320, 180}, {480, 270}, {640, 360}};

  @Spec CommandSpec spec;

  @Option(
      names = "--seeds",
      required = true,
      description = "Seed range FROM-TO (inclusive), e.g. 2000-2199; never 1..99, 1000 or >= 7000.")
  String seeds;

  @Option(
      names = "--clips-per-seed",
      defaultValue = "12",
      description =
          "Synth clips rendered per seed (default ${DEFAULT-VALUE}; 0 with --group-clips).")
  int clipsPerSeed;

  @Option(
      names = "--group-clips",
      defaultValue = "0",
      description =
          "Also this many clips per seed of each of the movers, slow, real-footage and real-photos"
              + " groups (as bench accuracy --source all renders them; default ${DEFAULT-VALUE});"
              + " the real groups need scripts/fetch-real-data.sh.")
  int groupClips;

  @Option(names = "--out", required = true, description = "CSV file to write.")
  Path out;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "Worker threads (0 = available processors).")
  int threads;

  @Override
  public Integer call() throws Exception {
    long[] range = parseRange(seeds);
    if (range[0] < 1100 && range[1] >= 1 || range[1] >= 7000) {
      throw new ParameterException(
          spec.commandLine(),
          "--seeds must avoid 1..1099 (reasoner development) and 7000 up (held out), got " + seeds);
    }
    if (clipsPerSeed < 0 || groupClips < 0 || clipsPerSeed + groupClips == 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--clips-per-seed and --group-clips must be >= 0, one of them > 0, got "
              + clipsPerSeed
              + " and "
              + groupClips);
    }
    RealData real = null;
    if (groupClips > 0) {
      StringBuilder why = new StringBuilder();
      real = RealData.load(RealData.directory(), why).orElse(null);
      if (real == null) {
        throw new ParameterException(spec.commandLine(), "--group-clips: " + why);
      }
    }
    int n = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    long start = System.nanoTime();
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    int rows;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      rows = write(range[0], range[1], clipsPerSeed, groupClips, real, n, w);
    }
    PrintWriter console = spec.commandLine().getOut();
    console.printf(
        Locale.ROOT,
        "wrote %d windows (seeds %d-%d, %d synth + %d of each group per seed, %d features) to %s"
            + " in %.1f s%n",
        rows,
        range[0],
        range[1],
        clipsPerSeed,
        groupClips,
        MotionFeatures.COUNT,
        out,
        (System.nanoTime() - start) / 1e9);
    console.flush();
    return 0;
  }

  /** The generator options of one seed: frame rate and size drawn from the seed. */
  static ClipGenerator.Options options(long seed) {
    Random r = new Random(seed ^ 0x5DEECE66DL);
    double fps = RATES[r.nextInt(RATES.length)];
    int[] size = SIZES[r.nextInt(SIZES.length)];
    return new ClipGenerator.Options(
        size[0], size[1], fps, (int) Math.round(1.6 * fps), true, true, false);
  }

  /**
   * Writes the header and every window of the seeds, in seed and index order: per seed its synth
   * clips, then {@code groupClips} clips of each group.
   *
   * @param real the real data, or null to leave the real groups out
   */
  static int write(
      long fromSeed, long toSeed, int perSeed, int groupClips, RealData real, int threads, Writer w)
      throws IOException, InterruptedException {
    w.write(header());
    w.write('\n');
    GeometricReasoner reasoner = new GeometricReasoner();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    int rows = 0;
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (long s = fromSeed; s <= toSeed; s++) {
        SynthClips clips = new SynthClips(s, perSeed, options(s));
        long seed = s;
        for (int i = 0; i < perSeed; i++) {
          int index = i;
          futures.add(pool.submit(() -> row(seed, index, clips.clip(index), reasoner)));
        }
        for (GroupClips.Group g : GroupClips.Group.values()) {
          if (groupClips == 0 || g.real() && real == null) {
            continue;
          }
          GroupClips group = new GroupClips(g, s, real);
          for (int i = 0; i < groupClips; i++) {
            // consecutive seeds continue the cycle of categories instead of restarting it
            int index = (int) (s * groupClips + i);
            futures.add(pool.submit(() -> row(seed, index, group.clip(index), reasoner)));
          }
        }
      }
      for (Future<String> f : futures) {
        try {
          w.write(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("dataset clip failed: " + e.getCause(), e.getCause());
        }
        w.write('\n');
        rows++;
      }
    } finally {
      pool.shutdownNow();
    }
    return rows;
  }

  /** The CSV header: seed, index, category, truth, geometry, 15 geometry scores, the features. */
  static String header() {
    List<String> h = new ArrayList<>(List.of("seed", "index", "category", "truth", "geometry"));
    for (MotionLabel l : MotionLabel.values()) {
      h.add("g:" + l.label());
    }
    h.addAll(MotionFeatures.NAMES);
    return String.join(",", h);
  }

  static String row(long seed, int index, Clip clip, GeometricReasoner reasoner) {
    GeometricReasoner.Analysis a = reasoner.analyse(clip.window());
    StringBuilder s = new StringBuilder();
    String category =
        clip.group().isEmpty() ? clip.category() : clip.group() + "/" + clip.category();
    s.append(seed).append(',').append(index).append(',').append(category).append(',');
    s.append(labels(clip.truth())).append(',').append(labels(a.result().labels()));
    for (MotionLabel l : MotionLabel.values()) {
      s.append(',').append(String.format(Locale.ROOT, "%.6g", a.result().score(l)));
    }
    for (float v : a.features().values()) {
      s.append(',').append(v);
    }
    return s.toString();
  }

  /** Labels joined with '+', in vocabulary order. */
  static String labels(Collection<MotionLabel> labels) {
    return labels.stream().sorted().map(MotionLabel::label).collect(Collectors.joining("+"));
  }

  private long[] parseRange(String text) {
    String[] parts = text.trim().split("-");
    try {
      if (parts.length == 1) {
        long s = Long.parseLong(parts[0]);
        return new long[] {s, s};
      }
      if (parts.length == 2) {
        long a = Long.parseLong(parts[0]);
        long b = Long.parseLong(parts[1]);
        if (a <= b) {
          return new long[] {a, b};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ParameterException(spec.commandLine(), "--seeds must be FROM-TO, got " + text);
  }
}
