package io.camreasoner.platform.lifecycle;

/**
 * Something that runs between {@link #start()} and {@link #close()}: a service or a part of one.
 */
public interface Service extends AutoCloseable {

  /** A short name for logs and health checks. */
  String name();

  /** Starts; returns once the service is running (or throws). */
  void start() throws Exception;

  /** True while the service works as it should (for the health endpoint). */
  default boolean healthy() {
    return true;
  }

  /** Stops and releases everything; safe to call more than once. */
  @Override
  void close();
}
