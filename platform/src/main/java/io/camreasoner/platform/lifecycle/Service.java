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

  /** What a {@link #of} service does to start. */
  @FunctionalInterface
  interface Starter {
    /** Starts the thing; returns once it runs. */
    void start() throws Exception;
  }

  /**
   * A service made of a start action and the resource it closes: for parts whose own types are
   * fluent builders or plain {@link AutoCloseable}s (an embedded broker, a producer), so that a
   * {@link ServiceRunner} can start and close them with the rest.
   *
   * @param start runs on {@link #start()}; use {@code () -> {}} for a resource already open
   * @param resource closed on {@link #close()}; a checked exception is rethrown unchecked
   */
  static Service of(String name, Starter start, AutoCloseable resource) {
    return new Service() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void start() throws Exception {
        start.start();
      }

      @Override
      public void close() {
        try {
          resource.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
      }
    };
  }
}
