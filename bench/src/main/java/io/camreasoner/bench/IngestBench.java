package io.camreasoner.bench;

import io.camreasoner.ingest.pipeline.EndOfStream;
import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamInfo;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.pipeline.WindowSink;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camreasoner bench ingest}: decode + cut detection + windowing (+ JPEG of sampled frames)
 * of a synthetic programme, as a ratio to plain FFmpeg decoding of the same file measured in the
 * same run, and cut precision/recall/F1 of the encoded programmes against their ground truth. Kafka
 * is not involved (the sink counts windows), so the figure is ingest's own cost.
 *
 * <p>Then transition accuracy per group of encoded programmes (not timed): hard cuts only with
 * flashes, whip pans or large movers in every shot (no false transition allowed), cuts between
 * framings of one scene, dissolves, fades through black, and all of them mixed; each group prints
 * cut F1 (exact frame), transition F1 ({@link TransitionScore}: type, start and end within two
 * frames) and the timing errors of dissolves and fades.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Ingest throughput vs plain FFmpeg decode of the same file (same run), cut F1, and cut and"
            + " transition F1 per group (similar cuts, dissolves, fades, flashes, whip pans, large"
            + " movers, mixed).")
final class IngestBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "Length of each programme in seconds (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--programmes",
      defaultValue = "3",
      description = "Programmes to measure (default ${DEFAULT-VALUE}).")
  int programmes;

  @picocli.CommandLine.Mixin FrameSizeOptions size = new FrameSizeOptions();

  @Option(
      names = "--seed",
      defaultValue = "9001",
      description = "Programme seed (default ${DEFAULT-VALUE}; cut tests tune on seeds < 1000).")
  long seed;

  @Option(
      names = "--group-programmes",
      defaultValue = "3",
      description =
          "Programmes per transition group; 0 skips the groups (default ${DEFAULT-VALUE}).")
  int groupProgrammes;

  @Option(
      names = "--group-shots",
      defaultValue = "8",
      description = "Shots per programme of the transition groups (default ${DEFAULT-VALUE}).")
  int groupShots;

  /**
   * A group of programmes scored apart.
   *
   * @param name what it tests
   * @param edit how its programmes are joined and trapped
   */
  record Group(String name, ProgrammeGenerator.Edit edit) {}

  /** The transition groups, each with its own seeds. */
  static List<Group> groups() {
    ProgrammeGenerator.Edit cuts = ProgrammeGenerator.Edit.of(ProgrammeGenerator.Join.CUT);
    return List.of(
        new Group("flashes", cuts.withTraps(1, ProgrammeGenerator.Trap.FLASH)),
        new Group("whip pans", cuts.withTraps(1, ProgrammeGenerator.Trap.WHIP_PAN)),
        new Group("large movers", cuts.withTraps(1, ProgrammeGenerator.Trap.LARGE_MOVERS)),
        new Group("similar cuts", ProgrammeGenerator.Edit.of(ProgrammeGenerator.Join.SIMILAR_CUT)),
        new Group("dissolves", ProgrammeGenerator.Edit.of(ProgrammeGenerator.Join.DISSOLVE)),
        new Group("fades", ProgrammeGenerator.Edit.fades()),
        new Group("mixed", ProgrammeGenerator.Edit.mixed()));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("camreasoner-bench-ingest");
    double decodeSeconds = 0;
    double ingestSeconds = 0;
    long frames = 0;
    int tp = 0;
    int fp = 0;
    int fn = 0;
    TransitionScore throughputScore = TransitionScore.NONE;
    try {
      for (int i = 0; i < programmes; i++) {
        double fps = 25;
        int shots = Math.max(2, seconds / 5);
        Programme p =
            ProgrammeGenerator.generate(
                seed + i,
                "bench-" + i,
                shots,
                size.width(),
                size.height(),
                fps,
                2.0 * seconds / shots - 1.5,
                true);
        Path file = dir.resolve("bench-" + i + ".mp4");
        ClipWriter.write(file, p, ClipWriter.DEFAULT_QUALITY);
        // warm both paths once on this file, then measure alternately and keep the best of two
        double bestDecode = Double.MAX_VALUE;
        double bestIngest = Double.MAX_VALUE;
        IngestResult result = null;
        for (int round = 0; round < 2; round++) {
          bestDecode =
              Math.min(
                  bestDecode,
                  FfmpegDecode.seconds(file, Runtime.getRuntime().availableProcessors()));
          long t0 = System.nanoTime();
          result = ingest(file);
          bestIngest = Math.min(bestIngest, (System.nanoTime() - t0) / 1e9);
        }
        decodeSeconds += bestDecode;
        ingestSeconds += bestIngest;
        frames += result.frames();
        Set<Long> truth = new HashSet<>();
        p.cuts().forEach(c -> truth.add((long) c));
        for (long c : result.cuts()) {
          if (truth.contains(c)) {
            tp++;
          } else {
            fp++;
          }
        }
        List<Long> found = result.cuts();
        fn += (int) truth.stream().filter(c -> !found.contains(c)).count();
        throughputScore = throughputScore.plus(TransitionScore.of(truth(p), found(result)));
        out.printf(
            "programme %d: %d frames, %d cuts (found %d), decode %.0f fps, ingest %.0f fps%n",
            i,
            result.frames(),
            truth.size(),
            result.cuts().size(),
            result.frames() / bestDecode,
            result.frames() / bestIngest);
      }
      double precision = tp / (double) Math.max(1, tp + fp);
      double recall = tp / (double) Math.max(1, tp + fn);
      out.printf("%nplain FFmpeg decode            %8.0f frames/s%n", frames / decodeSeconds);
      out.printf(
          "decode + cuts + windows + JPEG %8.0f frames/s  (%.2fx of plain decode)%n",
          frames / ingestSeconds, decodeSeconds / ingestSeconds);
      out.printf(
          "cuts on %d encoded programmes: precision %.3f, recall %.3f, F1 %.3f (target >= 0.98)%n",
          programmes,
          precision,
          recall,
          2 * precision * recall / Math.max(1e-9, precision + recall));
      if (groupProgrammes > 0) {
        groups(out, dir, throughputScore);
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    out.flush();
    return 0;
  }

  /** Scores every group, then all of them together with the throughput programmes' score. */
  private void groups(PrintWriter out, Path dir, TransitionScore throughputScore) throws Exception {
    out.printf(
        "%ntransitions per group (%d programmes of %d shots each, encoded as above):%n",
        groupProgrammes, groupShots);
    TransitionScore all = throughputScore;
    TransitionScore traps = throughputScore;
    out.printf("  %-13s %s%n", "cuts+traps", throughputScore.describe());
    int g = 0;
    for (Group group : groups()) {
      TransitionScore score = TransitionScore.NONE;
      for (int i = 0; i < groupProgrammes; i++) {
        Programme p =
            ProgrammeGenerator.edited(
                seed + 1000L * (g + 1) + i,
                "group-" + g + "-" + i,
                groupShots,
                size.width(),
                size.height(),
                25,
                3.5,
                group.edit());
        Path file = dir.resolve("group-" + g + "-" + i + ".mp4");
        ClipWriter.write(file, p, ClipWriter.DEFAULT_QUALITY);
        score = score.plus(TransitionScore.of(truth(p), found(ingest(file))));
        Files.delete(file);
      }
      out.printf("  %-13s %s%n", group.name(), score.describe());
      all = all.plus(score);
      if (group.edit().trapShare() == 1) {
        traps = traps.plus(score);
      }
      g++;
    }
    out.printf(
        "  %-13s cut F1 %.3f (target >= 0.98), transition F1 %.3f (target >= 0.90), false"
            + " transitions in shots with flashes, whip pans or large movers: %d (target 0)%n",
        "all", all.cutF1(), all.transitionF1(), traps.falseTransitions());
  }

  /** The programme's true transitions. */
  static List<TransitionScore.Span> truth(Programme p) {
    return p.transitions().stream()
        .map(t -> new TransitionScore.Span(t.type(), t.startFrame(), t.endFrame()))
        .toList();
  }

  /** The transitions ingest found (cuts, dissolves and fades). */
  static List<TransitionScore.Span> found(IngestResult r) {
    return r.transitions().stream()
        .map(t -> new TransitionScore.Span(t.type(), t.startFrame(), t.endFrame()))
        .toList();
  }

  private static IngestResult ingest(Path file) {
    Source source = Sources.expand(List.of(file.toString()), "bench").get(0);
    WindowSink counting =
        new WindowSink() {
          @Override
          public void window(StreamInfo stream, Window window) {}

          @Override
          public void end(StreamInfo stream, EndOfStream end) {}
        };
    return new StreamIngestor(
            StreamIngestor.Settings.defaults(), counting, IngestMetrics.inMemory())
        .run(source, (d, e) -> {});
  }
}
