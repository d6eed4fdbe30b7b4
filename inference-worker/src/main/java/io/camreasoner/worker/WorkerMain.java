package io.camreasoner.worker;

import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.worker.config.WorkerConfig;
import io.camreasoner.worker.loop.WorkerSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one inference worker until the JVM is asked to stop (SIGTERM, Ctrl-C): then finishes the
 * windows in flight, commits or aborts the open transaction, and exits. Arguments: an optional
 * properties file, then {@code key=value} overrides; see the options table in the module README.
 * The launcher's {@code worker} command calls {@link #run(Map)}.
 */
public final class WorkerMain {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(options(args)));
  }

  /** Parses {@code [file.properties] [key=value ...]} into options. */
  static Map<String, String> options(String[] args) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq > 0) {
        out.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
      } else {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(a))) {
          p.load(r);
        }
        p.stringPropertyNames().forEach(k -> out.putIfAbsent(k, p.getProperty(k)));
      }
    }
    return out;
  }

  /**
   * Runs the worker until shutdown.
   *
   * @return the process exit code: 0 after a clean stop, 1 when the worker failed, 2 for bad
   *     options
   */
  public static int run(Map<String, String> options) throws InterruptedException {
    WorkerConfig config;
    try {
      config = WorkerConfig.from(options, System::getenv);
    } catch (IllegalArgumentException e) {
      LOG.error("{}", e.getMessage());
      return 2;
    }
    // the outputs must exist before the first transaction; an existing topic is left as it is
    WorkerSettings settings = config.workerSettings();
    try {
      KafkaTopics.ensure(
          settings.bootstrapServers(),
          stringMap(config.kafkaClientOverrides()),
          List.of(
              Topics.MOTION_EVENTS.withName(settings.outputTopic()),
              Topics.DLQ.withName(settings.dlqTopic())));
    } catch (IllegalStateException e) {
      LOG.error("{}", e.getMessage());
      return 1;
    }
    InferenceWorker worker =
        InferenceWorker.create(
            config,
            AvroSerdeConfig.fromMap(config.serdeProperties()),
            config.kafkaClientOverrides());
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              LOG.info("shutting down the inference worker");
              worker.close();
              closed.countDown();
            },
            "worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    worker.start();
    worker.awaitStopped(Duration.ofDays(365_000));
    Throwable failure = worker.service().failure();
    if (failure != null) {
      LOG.error("inference worker failed: {}", failure.toString());
      Runtime.getRuntime().removeShutdownHook(hook);
      worker.close();
      return 1;
    }
    closed.await();
    return 0;
  }

  private static Map<String, String> stringMap(Map<String, Object> props) {
    Map<String, String> out = new HashMap<>();
    props.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
