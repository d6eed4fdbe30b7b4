package io.camreasoner.worker.backend.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the model backend (the {@code model.*} options).
 *
 * @param modelPath the ONNX model (or a serialized TensorRT engine for the TensorRT engine)
 * @param engine DJL engine name: {@code OnnxRuntime} (default) or {@code TensorRT} on GPU hosts
 * @param threshold score at or above which a motion label is chosen
 * @param maxBatch windows per model call
 */
public record ModelSettings(Path modelPath, String engine, double threshold, int maxBatch) {

  public ModelSettings {
    Objects.requireNonNull(modelPath, "model.path");
    Objects.requireNonNull(engine, "model.engine");
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("model.threshold must lie in (0, 1), was " + threshold);
    }
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("model.max-batch must be > 0, was " + maxBatch);
    }
  }
}
