package io.camreasoner.ingest.source;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconnect budget of one live source: after a drop, waits an exponentially growing back-off
 * before each attempt, logs and counts every attempt, and says when the budget is spent. The budget
 * counts consecutive attempts: once the source delivers again ({@link #recovered()}) the next drop
 * starts with the full budget, so a long-running stream survives any number of separate drops. One
 * instance per stream, used from its ingest thread only.
 */
public final class Reconnects {
  private static final Logger LOG = LoggerFactory.getLogger(Reconnects.class);

  /** Longest back-off between two attempts, however many attempts came before. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String source;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Runnable onAttempt;
  private int attempts;
  private int total;

  /**
   * @param source the source as shown to people
   * @param maxAttempts consecutive attempts after a drop before the source counts as failed
   * @param firstBackoff back-off before the first attempt (doubles with each further one)
   * @param onAttempt called once per attempt (the reconnect metric)
   */
  public Reconnects(String source, int maxAttempts, Duration firstBackoff, Runnable onAttempt) {
    this.source = source;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.onAttempt = onAttempt;
  }

  /**
   * After a drop: waits the back-off of the next attempt, logging why. Returns false, without
   * waiting, when the budget is spent.
   *
   * @throws InterruptedException when the ingest is stopped while waiting
   */
  public boolean awaitNext(String reason) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("stopped before reconnecting"); // not an attempt
    }
    if (attempts >= maxAttempts) {
      return false;
    }
    attempts++;
    total++;
    onAttempt.run();
    long backoff =
        Math.min(MAX_BACKOFF.toMillis(), firstBackoff.toMillis() << Math.min(20, attempts - 1));
    LOG.warn(
        "{}: {}; reconnecting in {} ms (attempt {}/{})",
        source,
        reason,
        backoff,
        attempts,
        maxAttempts);
    TimeUnit.MILLISECONDS.sleep(backoff);
    return true;
  }

  /** The source delivers again: logs the recovery and restores the full budget. */
  public void recovered() {
    if (attempts > 0) {
      LOG.info("{}: resumed after {} reconnect attempt(s)", source, attempts);
      attempts = 0;
    }
  }

  /** Attempts since the current drop began (0 while the source delivers). */
  public int pending() {
    return attempts;
  }

  /** Reconnect attempts over the whole ingest. */
  public int total() {
    return total;
  }

  /** The error of a source whose budget is spent: the reason and how many attempts failed. */
  public String gaveUp(String reason) {
    return attempts > 0 ? reason + " (gave up after " + attempts + " reconnects)" : reason;
  }

  /**
   * The error of a source whose budget is spent: why it dropped, how many attempts failed and why
   * the last one did when that is another reason.
   */
  public String gaveUp(String drop, String lastAttempt) {
    if (attempts == 0 || drop.equals(lastAttempt)) {
      return gaveUp(drop);
    }
    return drop + " (gave up after " + attempts + " reconnects; last attempt: " + lastAttempt + ")";
  }
}
