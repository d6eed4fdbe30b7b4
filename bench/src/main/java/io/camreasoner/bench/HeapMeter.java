package io.camreasoner.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the heap in use every 50 ms and keeps the peak. */
final class HeapMeter implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  HeapMeter() {
    thread =
        new Thread(
            () -> {
              var memory = ManagementFactory.getMemoryMXBean();
              while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
              }
            },
            "bench-heap");
    thread.setDaemon(true);
    thread.start();
  }

  long peakMiB() {
    return peak.get() >> 20;
  }

  @Override
  public void close() {
    running = false;
  }
}
