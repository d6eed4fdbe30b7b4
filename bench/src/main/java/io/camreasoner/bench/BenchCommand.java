package io.camreasoner.bench;

import picocli.CommandLine.Command;

/**
 * {@code camreasoner bench}: measurements printed with ratios against baselines measured in the
 * same run. Subcommands: {@code accuracy} (labelled synthetic clips: geometry, learned model,
 * ensemble, baseline), {@code speed} (analysed frames per second per core), {@code ingest} (decode,
 * cuts and windows vs plain FFmpeg decode), {@code e2e} (the whole pipeline on the embedded stack)
 * and {@code dataset} (training data of the learned model).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks, each against a baseline measured in the same run (accuracy, speed, ingest,"
            + " e2e), and training data for the learned model (dataset).",
    subcommands = {
      AccuracyBench.class,
      SpeedBench.class,
      IngestBench.class,
      E2eBench.class,
      DatasetCommand.class
    })
public final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Runs the bench command alone (the launcher registers it as {@code camreasoner bench}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "Missing subcommand: one of " + spec.commandLine().getSubcommands().keySet());
  }
}
