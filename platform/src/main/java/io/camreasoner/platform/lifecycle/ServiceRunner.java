package io.camreasoner.platform.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in order and closes them in reverse: on {@link #close()}, from the JVM shutdown
 * hook (Ctrl-C, SIGTERM), or at once when a later service fails to start. {@link #awaitShutdown()}
 * blocks {@code main} on a latch until then. One log line per state change.
 */
public final class ServiceRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

  private final String name;
  private final List<Service> services = new ArrayList<>();
  private final Deque<Service> started = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Thread hook;

  /** A runner named after the process (for logs). */
  public ServiceRunner(String name) {
    this.name = name;
  }

  /** Adds a service to start after the ones added before. */
  public ServiceRunner add(Service service) {
    services.add(service);
    return this;
  }

  /**
   * Starts every service in order; if one fails, the started ones are closed in reverse and the
   * failure is rethrown.
   */
  public synchronized ServiceRunner start() throws Exception {
    for (Service s : services) {
      long t0 = System.nanoTime();
      try {
        s.start();
      } catch (Exception e) {
        LOG.error("{}: {} failed to start: {}", name, s.name(), e.getMessage());
        close();
        throw e;
      }
      started.push(s);
      LOG.info("{}: {} started in {} ms", name, s.name(), (System.nanoTime() - t0) / 1_000_000);
    }
    return this;
  }

  /** Closes everything when the JVM shuts down (Ctrl-C, SIGTERM). */
  public synchronized ServiceRunner installShutdownHook() {
    if (hook == null) {
      hook = new Thread(this::close, name + "-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    return this;
  }

  /** Blocks until {@link #close()} ran (from another thread or the shutdown hook). */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /** Waits up to a timeout for {@link #close()}; true if it ran. */
  public boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
    return stopped.await(timeout, unit);
  }

  /** True while every started service reports healthy. */
  public synchronized boolean healthy() {
    return stopped.getCount() > 0 && started.stream().allMatch(Service::healthy);
  }

  /** Closes the started services in reverse order; safe to call more than once. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      Service s = started.pop();
      try {
        s.close();
        LOG.info("{}: {} stopped", name, s.name());
      } catch (RuntimeException e) {
        LOG.warn("{}: {} failed to stop cleanly: {}", name, s.name(), e.getMessage());
      }
    }
    stopped.countDown();
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      hook = null;
    }
  }
}
