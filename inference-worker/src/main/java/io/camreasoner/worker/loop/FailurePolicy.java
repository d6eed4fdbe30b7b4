package io.camreasoner.worker.loop;

import io.camreasoner.worker.backend.BackendException;
import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The one place that decides what a failure means:
 *
 * <ul>
 *   <li>a record that does not deserialize, or whose JPEGs do not decode: dead-letter at once (the
 *       bytes will not change);
 *   <li>a backend failure marked retriable (endpoint overloaded, timeout): retry the batch with
 *       exponential back-off up to {@code worker.retry.max} times, then dead-letter the window with
 *       the reason;
 *   <li>a backend failure not retriable: dead-letter that window, the rest of the batch goes on;
 *   <li>a transaction failure: fatal when this instance was fenced or is not allowed to write
 *       (another instance owns the transactional id, authorization, protocol); otherwise abort and
 *       rewind to the last committed offsets, which reprocesses the uncommitted windows.
 * </ul>
 */
public final class FailurePolicy {

  /** What to do with a failed backend call. */
  public enum Action {
    /** Call the backend again after {@link #backoff(int)}. */
    RETRY,
    /** Give up on the window: dead-letter it with the reason. */
    DEAD_LETTER
  }

  private final int maxRetries;
  private final Duration firstBackoff;

  public FailurePolicy(int maxRetries, Duration firstBackoff) {
    this.maxRetries = maxRetries;
    this.firstBackoff = firstBackoff;
  }

  /** Decision for a backend failure on the given attempt (0 = first call). */
  public Action onBackendFailure(BackendException e, int attempt) {
    return e.retriable() && attempt < maxRetries ? Action.RETRY : Action.DEAD_LETTER;
  }

  /**
   * Back-off before retry number {@code attempt + 1}: doubles from {@code worker.retry.backoff}.
   */
  public Duration backoff(int attempt) {
    return firstBackoff.multipliedBy(1L << Math.min(attempt, 10));
  }

  /**
   * Whether a transaction failure ends this instance (true) or can be handled by aborting and
   * rewinding (false).
   */
  public boolean isFatal(KafkaException e) {
    return e instanceof ProducerFencedException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException
        || e instanceof AuthenticationException
        || e instanceof UnsupportedVersionException;
  }
}
