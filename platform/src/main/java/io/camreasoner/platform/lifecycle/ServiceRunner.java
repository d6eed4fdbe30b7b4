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
 * The one lifecycle of every process: starts services in order and closes them in reverse, on
 * {@link #close()}, from the JVM shutdown hook (Ctrl-C, SIGTERM), or at once when a later service
 * fails to start. Services are either added first and started together ({@link #add}, {@link
 * #start()}) or started one by one when each needs what the one before it made ({@link
 * #start(Service)}). {@link #awaitShutdown()} blocks {@code main} on a latch until the close. One
 * log line per state change.
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
   * Starts every added service in order; if one fails, the started ones are closed in reverse and
   * the failure is rethrown.
   */
  public synchronized ServiceRunner start() throws Exception {
    for (Service s : services) {
      start(s);
    }
    services.clear();
    return this;
  }

  /**
   * Starts one service now, after those already started, and returns it; if it fails, everything
   * started is closed in reverse and the failure is rethrown.
   *
   * @throws IllegalStateException when the runner was closed already
   */
  public synchronized <S extends Service> S start(S service) throws Exception {
    if (stopped.getCount() == 0) {
      throw new IllegalStateException(name + " is stopped; cannot start " + service.name());
    }
    long t0 = System.nanoTime();
    try {
      service.start();
    } catch (Exception | Error e) {
      LOG.error("{}: {} failed to start: {}", name, service.name(), e.getMessage());
      // what it opened before failing is released too (close is safe on a half-started service)
      closeQuietly(service);
      close();
      throw e;
    }
    started.push(service);
    LOG.info("{}: {} started in {} ms", name, service.name(), (System.nanoTime() - t0) / 1_000_000);
    return service;
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
      if (closeQuietly(s)) {
        LOG.info("{}: {} stopped", name, s.name());
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

  private boolean closeQuietly(Service s) {
    try {
      s.close();
      return true;
    } catch (RuntimeException e) {
      LOG.warn("{}: {} failed to stop cleanly: {}", name, s.name(), e.getMessage());
      return false;
    }
  }
}
