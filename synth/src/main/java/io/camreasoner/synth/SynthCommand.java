package io.camreasoner.synth;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camreasoner synth}: writes labelled synthetic clips (ground truth) and their labels.json.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Write labelled synthetic clips (ground truth) for tests and benchmarks.",
      "Clips are multi-shot programmes of true 3D scenes, virtual cameras over images and still",
      "cameras with moving objects, encoded with FFmpeg; labels.json lists shots, labels, cuts and",
      "transitions."
    })
public final class SynthCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("synth-out");

  @Option(
      names = "--seed",
      description = "Seed; the same seed writes the same clips (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--clips", description = "Number of clips (default: ${DEFAULT-VALUE}).")
  int clips = 4;

  @Option(
      names = "--shots",
      description = "Shots per clip; 1 writes single-shot clips (default: ${DEFAULT-VALUE}).")
  int shots = 4;

  @Option(names = "--seconds", description = "Longest shot in seconds (default: ${DEFAULT-VALUE}).")
  double seconds = 5;

  @Option(names = "--width", description = "Frame width (default: ${DEFAULT-VALUE}).")
  int width = 640;

  @Option(names = "--height", description = "Frame height (default: ${DEFAULT-VALUE}).")
  int height = 360;

  @Option(names = "--fps", description = "Frames per second (default: ${DEFAULT-VALUE}).")
  double fps = 25;

  @Option(
      names = "--quality",
      description = "Encoder qscale, 1 (best) to 31 (default: ${DEFAULT-VALUE}).")
  int quality = ClipWriter.DEFAULT_QUALITY;

  @Option(
      names = "--no-traps",
      negatable = true,
      description = "Put fast pans, flashes and large movers inside shots (default: on).")
  boolean traps = true;

  @Option(
      names = "--joins",
      description =
          "How shots are joined: cuts (hard cuts only) or mixed (also cuts between framings of one"
              + " scene, dissolves, fades through black, an opening fade-in and a closing fade-out;"
              + " traps inside a third of the shots) (default: ${DEFAULT-VALUE}).")
  Joins joins = Joins.cuts;

  /** The values of {@code --joins}. */
  enum Joins {
    cuts,
    mixed
  }

  @Option(
      names = "--sample",
      description = "Write only the README's ~20 s five-shot sample programme.")
  boolean sample;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    if (clips < 1 || shots < 1 || seconds < 1.5 || width < 32 || height < 32 || fps <= 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "need --clips >= 1, --shots >= 1, --seconds >= 1.5, a size of at least 32x32 and --fps > 0");
    }
    List<Programme> programmes = new ArrayList<>();
    if (sample) {
      programmes.add(ProgrammeGenerator.sample(width & ~1, height & ~1, fps));
    } else {
      for (int i = 0; i < clips; i++) {
        String name = String.format("clip-%04d", i);
        long clipSeed = seed * 1_000_003L + i;
        if (joins == Joins.mixed) {
          ProgrammeGenerator.Edit edit = ProgrammeGenerator.Edit.mixed();
          programmes.add(
              ProgrammeGenerator.edited(
                  clipSeed,
                  name,
                  shots,
                  width & ~1,
                  height & ~1,
                  fps,
                  seconds,
                  traps ? edit : edit.withTraps(0)));
        } else {
          programmes.add(
              ProgrammeGenerator.generate(
                  clipSeed,
                  name,
                  shots,
                  width & ~1,
                  height & ~1,
                  fps,
                  seconds,
                  traps && shots > 1));
        }
      }
    }
    List<LabelsJson.ClipLabels> labels = new ArrayList<>();
    for (Programme p : programmes) {
      String file = p.name() + ".mp4";
      Path path = out.resolve(file);
      ClipWriter.write(path, p, quality);
      labels.add(LabelsJson.of(file, p));
      stdout.printf(
          "wrote %s (%d frames, %d shots, cuts %s, %d transitions)%n",
          path, p.frames(), p.shots().size(), p.cuts(), p.transitions().size());
    }
    Path labelsPath = out.resolve("labels.json");
    LabelsJson.write(labelsPath, new LabelsJson.LabelsFile(seed, labels));
    stdout.printf("wrote %s%n", labelsPath);
    return 0;
  }
}
