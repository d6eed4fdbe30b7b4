package io.camreasoner.worker.backend.model;

import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.ReasonerBackend;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code model} backends: loads the {@link MotionModel} once (engine from {@code
 * model.engine}, the file from {@code model.path} or the shipped model); each {@link #create()}
 * gets its own predictor (predictors are not thread-safe, and each runs single-threaded because
 * every processing thread has one) and its own {@link FeatureSource}.
 */
public final class ModelBackendFactory implements BackendFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ModelBackendFactory.class);

  private final ModelSettings settings;
  private final Supplier<FeatureSource> featureSources;
  private final MotionModel model;

  /**
   * Loads the model.
   *
   * @param featureSources makes one feature source per processing thread
   * @throws IllegalStateException naming the model and engine when it cannot be loaded
   */
  public ModelBackendFactory(ModelSettings settings, Supplier<FeatureSource> featureSources) {
    this.settings = settings;
    this.featureSources = featureSources;
    this.model = MotionModel.load(settings.modelPath(), settings.engine(), 1);
    LOG.info(
        "loaded motion model {} on engine {} (ensemble {})",
        model.version(),
        model.engineName(),
        settings.ensemble().configName());
  }

  @Override
  public String name() {
    return "model";
  }

  @Override
  public int preferredBatchSize() {
    return settings.maxBatch();
  }

  /** Version string: file name and the first 12 hex digits of its SHA-256. */
  public String version() {
    return model.version();
  }

  /** Name of the DJL engine the model actually runs on. */
  public String engineName() {
    return model.engineName();
  }

  /** The label threshold and the blend with geometry (the model file is in the version). */
  @Override
  public String resultSettings() {
    return "threshold="
        + settings.threshold()
        + ";ensemble="
        + settings.ensemble().configName()
        + ";weight="
        + settings.ensembleWeight()
        + ";zoomDollyWeight="
        + settings.zoomDollyWeight();
  }

  @Override
  public ReasonerBackend create() {
    return new ModelBackend(model.newPredictor(), featureSources.get(), settings, model.version());
  }

  @Override
  public void close() {
    model.close();
  }
}
