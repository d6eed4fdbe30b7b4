package io.camreasoner.worker.backend;

/**
 * A backend could not produce a result. {@link #retriable()} says whether the cause is transient
 * (an endpoint overloaded, a timeout) or lies in the input or the backend itself; the worker's
 * failure policy decides from it whether to retry the batch or dead-letter the window.
 */
public final class BackendException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean retriable;
  private final int windowIndex;

  /**
   * @param message one line naming the thing and the reason
   * @param retriable whether trying again later may succeed
   * @param windowIndex index of the failing window within the batch, or -1 when the whole batch
   *     failed
   * @param cause the underlying error, may be null
   */
  public BackendException(String message, boolean retriable, int windowIndex, Throwable cause) {
    super(message, cause);
    this.retriable = retriable;
    this.windowIndex = windowIndex;
  }

  /** A failure of the whole batch. */
  public static BackendException ofBatch(String message, boolean retriable, Throwable cause) {
    return new BackendException(message, retriable, -1, cause);
  }

  /** Whether trying again later may succeed. */
  public boolean retriable() {
    return retriable;
  }

  /** Index of the failing window within the batch, or -1 when the whole batch failed. */
  public int windowIndex() {
    return windowIndex;
  }
}
