package io.camreasoner.platform.testing;

import io.camreasoner.platform.kafka.EmbeddedKafkaBroker;

/**
 * One embedded broker per test JVM, started on first use and stopped when the JVM exits, so every
 * {@code *IT} of a module shares the few seconds of start-up. Tests that kill or restart a broker
 * make their own instead.
 */
public final class SharedKafka {
  private static EmbeddedKafkaBroker broker;

  private SharedKafka() {}

  /** The running shared broker. */
  public static synchronized EmbeddedKafkaBroker broker() {
    if (broker == null || !broker.isRunning()) {
      broker = EmbeddedKafkaBroker.builder().build().start();
      EmbeddedKafkaBroker started = broker;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-stop"));
    }
    return broker;
  }
}
