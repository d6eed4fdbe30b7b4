package io.camreasoner.worker.config;

import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.geometry.GeometryBackendFactory;
import io.camreasoner.worker.backend.model.FeatureSource;
import io.camreasoner.worker.backend.model.ModelBackendFactory;
import io.camreasoner.worker.backend.vlm.VlmBackendFactory;
import java.util.function.Supplier;

/** Builds the {@link BackendFactory} that {@code reasoner.backend} names. */
public final class BackendFactories {

  private BackendFactories() {}

  /**
   * The backend factory of a configuration, with the geometric reasoner as the {@code geometry}
   * backend and as the {@code model} backend's feature source.
   */
  public static BackendFactory create(WorkerConfig config) {
    return create(
        config, GeometryBackendFactory::new, () -> new GeometryBackendFactory().featureSource());
  }

  /**
   * The backend factory of a configuration.
   *
   * @param geometry makes the geometric backend factory (default backend)
   * @param features makes one feature source per thread for the model backend (the geometric
   *     reasoner's measurements)
   */
  public static BackendFactory create(
      WorkerConfig config, Supplier<BackendFactory> geometry, Supplier<FeatureSource> features) {
    return switch (config.backend()) {
      case "vlm" -> new VlmBackendFactory(config.vlmSettings());
      case "model" -> new ModelBackendFactory(config.modelSettings(), features);
      case "geometry" -> geometry.get();
      default ->
          throw new IllegalArgumentException(
              "reasoner.backend '"
                  + config.backend()
                  + "' is not one of "
                  + io.camreasoner.worker.InferenceWorkerSettings.BACKENDS);
    };
  }
}
