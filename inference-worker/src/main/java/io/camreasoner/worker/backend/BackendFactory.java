package io.camreasoner.worker.backend;

/**
 * Makes {@link ReasonerBackend} instances, one per processing thread, and owns what they share (a
 * loaded model, an HTTP client with its concurrency limit). Built once per worker from the {@code
 * reasoner.backend} option; closing it releases the shared state after every backend is closed.
 */
public interface BackendFactory extends AutoCloseable {

  /** The backend name (geometry, model, vlm). */
  String name();

  /** How many windows a backend instance prefers per {@link ReasonerBackend#reason} call. */
  int preferredBatchSize();

  /** A new backend for one processing thread. */
  ReasonerBackend create();

  /**
   * The settings beyond the model version that change what the backend answers (thresholds, the
   * prompt), as text: events carry a digest of it in their producer, so results of other settings
   * are kept apart. Empty when the model version says it all.
   */
  String resultSettings();

  @Override
  void close();
}
