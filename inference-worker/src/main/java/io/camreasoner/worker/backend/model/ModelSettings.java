package io.camreasoner.worker.backend.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the model backend (the {@code model.*} options).
 *
 * @param modelPath the ONNX model (or a serialized TensorRT engine for the TensorRT engine); {@code
 *     null} = the shipped model ({@link MotionModel#SHIPPED_RESOURCE})
 * @param engine DJL engine name: {@code OnnxRuntime} (default) or {@code TensorRT} on GPU hosts
 * @param threshold score at or above which a motion label is chosen
 * @param maxBatch windows per model call
 * @param ensemble whether the geometric reasoner's scores are blended in
 * @param ensembleWeight the model's weight in the blend, in (0, 1]
 * @param zoomDollyWeight the model's weight in the blend for the zoom and dolly labels, in (0, 1]
 */
public record ModelSettings(
    Path modelPath,
    String engine,
    double threshold,
    int maxBatch,
    ModelEnsemble ensemble,
    double ensembleWeight,
    double zoomDollyWeight) {

  /** Validates the settings, naming the option at fault. */
  public ModelSettings {
    Objects.requireNonNull(engine, "model.engine");
    Objects.requireNonNull(ensemble, "model.ensemble");
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("model.threshold must lie in (0, 1), was " + threshold);
    }
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("model.max-batch must be > 0, was " + maxBatch);
    }
    if (!(ensembleWeight > 0 && ensembleWeight <= 1)) {
      throw new IllegalArgumentException(
          "model.ensemble.weight must lie in (0, 1], was " + ensembleWeight);
    }
    if (!(zoomDollyWeight > 0 && zoomDollyWeight <= 1)) {
      throw new IllegalArgumentException(
          "model.ensemble.zoom-dolly-weight must lie in (0, 1], was " + zoomDollyWeight);
    }
  }

  /** The model alone, no ensemble. */
  public ModelSettings(Path modelPath, String engine, double threshold, int maxBatch) {
    this(modelPath, engine, threshold, maxBatch, ModelEnsemble.NONE, 1, 1);
  }
}
