package io.camreasoner.worker.backend;

import java.util.List;

/**
 * A camera-motion reasoner the worker can call: decoded frame windows in, one {@link BackendResult}
 * per window out, in the same order. Batch-capable: backends that gain from batching (a model, a
 * remote VLM) process the list together; others loop.
 *
 * <p>An instance is used by one processing thread only (DJL predictors are not thread-safe), so
 * implementations need not be thread-safe; shared heavy state (a loaded model, an HTTP client)
 * belongs to the {@link BackendFactory} that made the instance.
 */
public interface ReasonerBackend extends AutoCloseable {

  /** The backend's name as written into {@code MotionEvent.backend}: geometry, model or vlm. */
  String name();

  /** Version of the backend's model or algorithm, written into {@code MotionEvent.modelVersion}. */
  String modelVersion();

  /**
   * Reasons about each window.
   *
   * @return one result per window, in the order given
   * @throws BackendException when a window (or the whole batch) cannot be reasoned about; {@link
   *     BackendException#retriable()} tells the caller whether trying again may help
   */
  List<BackendResult> reason(List<DecodedWindow> windows) throws BackendException;

  /** Releases per-instance resources (a predictor); the factory keeps shared ones. */
  @Override
  void close();
}
