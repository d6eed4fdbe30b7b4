package io.camreasoner.platform.kafka;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Main class of the embedded broker's child JVM: formats the KRaft storage when the data directory
 * is new, then runs {@code kafka.Kafka}. A watchdog thread ends the broker (gracefully, through
 * Kafka's own shutdown hook) when its standard input closes, which happens when the parent JVM
 * dies, even by SIGKILL: no orphan brokers.
 *
 * <p>Arguments: {@code <server.properties> <cluster-id>}.
 */
public final class BrokerMain {
  /**
   * Property of server.properties (ignored by Kafka) holding a SCRAM credential to create when the
   * storage is formatted: the secured broker's administrator, who must exist before any client.
   */
  static final String FORMAT_SCRAM = "camreasoner.format.add-scram";

  private BrokerMain() {}

  /** Formats if needed, then runs the broker until it is stopped. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: BrokerMain <server.properties> <cluster-id>");
      System.exit(2);
    }
    Path config = Path.of(args[0]);
    watchParent(System.in);
    if (!Files.exists(config.resolveSibling("kraft-logs").resolve("meta.properties"))) {
      Class<?> storageTool = Class.forName("kafka.tools.StorageTool");
      Method execute = storageTool.getMethod("execute", String[].class, PrintStream.class);
      List<String> format =
          new ArrayList<>(List.of("format", "-t", args[1], "-c", config.toString()));
      Properties props = properties(config);
      if (!props.containsKey("controller.quorum.voters")) {
        format.add("--standalone"); // a single node: its own dynamic quorum
      }
      if (props.containsKey(FORMAT_SCRAM)) {
        format.add("--add-scram");
        format.add(props.getProperty(FORMAT_SCRAM));
      }
      int code =
          (int)
              execute.invoke(
                  null,
                  (Object) format.toArray(String[]::new),
                  new PrintStream(System.out, true, StandardCharsets.UTF_8));
      if (code != 0) {
        System.err.println("formatting KRaft storage failed with exit code " + code);
        System.exit(code);
      }
    }
    Class.forName("kafka.Kafka")
        .getMethod("main", String[].class)
        .invoke(null, (Object) new String[] {config.toString()});
  }

  private static Properties properties(Path config) throws java.io.IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  private static void watchParent(InputStream in) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  // the parent never writes; any byte is ignored
                }
              } catch (java.io.IOException e) {
                // closed: same as end of stream
              }
              System.err.println("parent process gone: stopping the embedded broker");
              System.exit(0);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
