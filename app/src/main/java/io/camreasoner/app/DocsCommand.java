package io.camreasoner.app;

import io.camreasoner.aggregator.AggregatorSettings;
import io.camreasoner.ingest.IngestSettings;
import io.camreasoner.worker.InferenceWorkerSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code camreasoner docs}: prints the configuration reference of every service as Markdown,
 * rendered from the options' single declarations. README.md carries this output (a test keeps them
 * equal).
 */
@Command(
    name = "docs",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Print the configuration reference (Markdown).")
final class DocsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Section title to Markdown table, in README order. */
  static Map<String, String> tables() {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("ingest", IngestSettings.GROUP.markdownTable());
    tables.put("worker", InferenceWorkerSettings.GROUP.markdownTable());
    tables.put("aggregator", AggregatorSettings.GROUP.markdownTable());
    return tables;
  }

  @Override
  public Integer call() {
    tables()
        .forEach(
            (name, table) -> spec.commandLine().getOut().printf("### `%s`%n%n%s%n", name, table));
    return 0;
  }
}
