package io.camreasoner.worker.backend.model;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.ReasonerBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the cue classifier once, the way DJL's examples do: one {@link Criteria} (engine from
 * {@code model.engine}, model path, {@link CueClassifierTranslator}) and one {@link ZooModel}; each
 * {@link #create()} gets its own predictor (predictors are not thread-safe) and its own {@link
 * CueSource}.
 */
public final class ModelBackendFactory implements BackendFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ModelBackendFactory.class);

  private final ModelSettings settings;
  private final Supplier<CueSource> cueSources;
  private final ZooModel<FeatureBatch, float[][]> model;
  private final String version;

  /**
   * Loads the model.
   *
   * @param cueSources makes one cue source per processing thread
   * @throws IllegalStateException naming the model and engine when it cannot be loaded
   */
  public ModelBackendFactory(ModelSettings settings, Supplier<CueSource> cueSources) {
    this.settings = settings;
    this.cueSources = cueSources;
    if (!Files.isRegularFile(settings.modelPath())) {
      throw new IllegalStateException("model.path " + settings.modelPath() + " is not a file");
    }
    this.version = version(settings);
    Criteria<FeatureBatch, float[][]> criteria =
        Criteria.builder()
            .setTypes(FeatureBatch.class, float[][].class)
            .optEngine(settings.engine())
            .optModelPath(settings.modelPath())
            .optTranslator(new CueClassifierTranslator(MotionLabel.values().length))
            .build();
    try {
      this.model = criteria.loadModel();
    } catch (ModelNotFoundException
        | MalformedModelException
        | IOException
        | RuntimeException
        | LinkageError e) {
      // LinkageError: an engine whose native libraries are missing on this host (TensorRT
      // without a GPU) fails in its static initialiser
      throw new IllegalStateException(
          "cannot load model.path "
              + settings.modelPath()
              + " with engine "
              + settings.engine()
              + ": "
              + e.getMessage(),
          e);
    }
    LOG.info("loaded cue classifier {} on engine {}", version, settings.engine());
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
    return version;
  }

  /** Name of the DJL engine the model actually runs on. */
  public String engineName() {
    return model.getNDManager().getEngine().getEngineName();
  }

  @Override
  public ReasonerBackend create() {
    return new ModelBackend(model.newPredictor(), cueSources.get(), settings, version);
  }

  @Override
  public void close() {
    model.close();
  }

  private static String version(ModelSettings settings) {
    try (InputStream in = Files.newInputStream(settings.modelPath())) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(in.readAllBytes());
      String hex = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
      return settings.modelPath().getFileName() + "@" + hex;
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot read model.path " + settings.modelPath(), e);
    }
  }
}
