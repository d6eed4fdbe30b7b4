package io.camreasoner.app;

import io.camreasoner.bench.BenchCommand;
import io.camreasoner.synth.SynthCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code camreasoner} launcher: one picocli command whose subcommands run the
 * whole pipeline ({@code analyze}, {@code up}) or one service alone ({@code ingest}, {@code
 * worker}, {@code aggregator}), generate ground truth ({@code synth}) and measure ({@code bench}).
 *
 * <p>Exit codes follow design.md: 0 success, 1 some input or service failed, 2 usage error.
 */
@Command(
    name = "camreasoner",
    mixinStandardHelpOptions = true,
    versionProvider = CamReasonerCli.Version.class,
    description = {
      "Tells, shot by shot, how the camera moves in live and archived video,",
      "with an Observation -> Thinking -> Answer explanation, over Kafka."
    },
    subcommands = {CommandLine.HelpCommand.class},
    footer = {
      "",
      "Exit codes: 0 all inputs analysed, 1 some input failed, 2 usage error.",
      "Docs: README.md at the repository root."
    })
public final class CamReasonerCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the launcher and exits the JVM with the command's exit code. */
  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the launcher with the given output streams and returns the exit code (used by tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** The full command tree, with every subcommand registered in the order of {@code --help}. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new CamReasonerCli());
    cli.addSubcommand("analyze", new AnalyzeCommand());
    cli.addSubcommand("up", new UpCommand());
    cli.addSubcommand("reprocess", new ReprocessCommand());
    cli.addSubcommand("ingest", IngestCommand.commandLine());
    cli.addSubcommand("aggregator", AggregatorCommand.commandLine());
    cli.addSubcommand("worker", WorkerCommand.commandLine());
    cli.addSubcommand("acls", AclsCommand.commandLine());
    cli.addSubcommand("synth", new SynthCommand());
    cli.addSubcommand("bench", new BenchCommand());
    cli.addSubcommand("docs", new DocsCommand());
    cli.setUsageHelpAutoWidth(true);
    cli.setExecutionExceptionHandler(CamReasonerCli::reportFailure);
    return cli;
  }

  /**
   * One clear line instead of a stack trace when a command fails unexpectedly (the cause chain's
   * messages); the stack trace only with {@code CAMREASONER_DEBUG=1}.
   */
  static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    StringBuilder line =
        new StringBuilder("camreasoner ").append(cli.getCommandName()).append(": ");
    String last = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String msg = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
      if (last == null || !last.contains(msg)) {
        line.append(last == null ? "" : ": ").append(msg);
        last = msg;
      }
    }
    cli.getErr().println(line);
    if ("1".equals(System.getenv("CAMREASONER_DEBUG"))) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }

  @Override
  public void run() {
    // No subcommand: a usage error; picocli prints the message and the usage to stderr.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /**
   * Reads the build's version from the filtered {@code camreasoner-version.properties} resource.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"camreasoner " + buildVersion(), "Java " + Runtime.version()};
    }

    static String buildVersion() {
      try (InputStream in =
          CamReasonerCli.class.getResourceAsStream("/camreasoner-version.properties")) {
        if (in == null) {
          return "unknown";
        }
        Properties props = new Properties();
        props.load(in);
        return props.getProperty("version", "unknown");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the build version", e);
      }
    }
  }
}
