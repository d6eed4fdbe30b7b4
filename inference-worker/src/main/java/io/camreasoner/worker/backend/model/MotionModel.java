package io.camreasoner.worker.backend.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.util.Utils;
import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A loaded motion classifier: {@code float32[N, }{@link MotionFeatures#COUNT}{@code ]} motion
 * descriptors in, {@code float32[N, 15]} sigmoid scores in {@link MotionLabel} order out. Loaded
 * once the way DJL's examples do it (one {@link Criteria}: engine by name, model path, {@link
 * MotionClassifierTranslator}); {@link #newPredictor()} gives each thread its own predictor
 * (predictors are not thread-safe). Used by the worker's {@code model} backend, the accuracy bench
 * and the training module's export check.
 *
 * <p>Without a path it loads the shipped model, {@value #SHIPPED_RESOURCE} on the classpath
 * (trained by the {@code training} module, see {@code training/README.md}), copied once into DJL's
 * cache directory ({@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}) under its checksum, because
 * engines load files.
 */
public final class MotionModel implements AutoCloseable {

  /** Classpath location of the shipped model. */
  public static final String SHIPPED_RESOURCE = "/models/motion-mlp.onnx";

  private final ZooModel<FeatureBatch, float[][]> model;
  private final Path path;
  private final String version;
  private final String engine;

  private MotionModel(ZooModel<FeatureBatch, float[][]> model, Path path, String version) {
    this.model = model;
    this.path = path;
    this.version = version;
    this.engine = model.getNDManager().getEngine().getEngineName();
  }

  /**
   * Loads a model on a DJL engine.
   *
   * @param modelPath the {@code .onnx} (or serialized TensorRT engine); {@code null} = the shipped
   *     model
   * @param engineName DJL engine name, e.g. {@code OnnxRuntime} or {@code TensorRT}
   * @param threads ONNX Runtime intra-op threads per call (1 when every worker thread has its own
   *     predictor; 0 = the runtime's default); ignored by other engines
   * @throws IllegalStateException naming the model and engine when it cannot be loaded, or when its
   *     input width is not the motion descriptor's
   */
  public static MotionModel load(Path modelPath, String engineName, int threads) {
    Path path = modelPath == null ? shippedModel() : modelPath;
    String shown =
        modelPath == null ? "the shipped model " + SHIPPED_RESOURCE : "model.path " + path;
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(shown + " is not a file");
    }
    String name = modelPath == null ? "motion-mlp.onnx" : path.getFileName().toString();
    String version = name + "@" + sha256(path).substring(0, 12);
    Criteria.Builder<FeatureBatch, float[][]> criteria =
        Criteria.builder()
            .setTypes(FeatureBatch.class, float[][].class)
            .optEngine(engineName)
            .optModelPath(path)
            .optTranslator(new MotionClassifierTranslator(MotionLabel.values().length));
    if (threads > 0) {
      criteria.optOption("intraOpNumThreads", Integer.toString(threads));
      criteria.optOption("interOpNumThreads", "1");
    }
    ZooModel<FeatureBatch, float[][]> loaded;
    try {
      loaded = criteria.build().loadModel();
    } catch (ModelNotFoundException
        | MalformedModelException
        | IOException
        | RuntimeException
        | LinkageError e) {
      // LinkageError: an engine whose native libraries are missing on this host (TensorRT
      // without a GPU) fails in its static initialiser
      throw new IllegalStateException(
          "cannot load " + shown + " with engine " + engineName + ": " + e.getMessage(), e);
    }
    // Engines do not all declare input shapes: one row of the descriptor's width is the check.
    try (Predictor<FeatureBatch, float[][]> probe = loaded.newPredictor()) {
      probe.predict(new FeatureBatch(new float[][] {new float[MotionFeatures.COUNT]}));
    } catch (TranslateException | RuntimeException e) {
      loaded.close();
      throw new IllegalStateException(
          shown
              + " does not take the "
              + MotionFeatures.COUNT
              + " motion features of "
              + MotionFeatures.VERSION
              + " and return 15 scores: "
              + e.getMessage(),
          e);
    }
    OnnxRuntimeFiles.removeExtracted();
    return new MotionModel(loaded, path, version);
  }

  /** A new predictor; one per thread, close it after use. */
  public Predictor<FeatureBatch, float[][]> newPredictor() {
    return model.newPredictor();
  }

  /** File name and the first 12 hex digits of its SHA-256. */
  public String version() {
    return version;
  }

  /** Name of the DJL engine the model actually runs on. */
  public String engineName() {
    return engine;
  }

  /** The file the engine loaded. */
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    model.close();
  }

  /**
   * The shipped model as a file: copied from the classpath into {@code <DJL
   * cache>/camreasoner/models/} under its checksum (once; concurrent copies are atomic).
   */
  public static Path shippedModel() {
    byte[] bytes;
    try (InputStream in = MotionModel.class.getResourceAsStream(SHIPPED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the shipped model " + SHIPPED_RESOURCE + " is missing");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SHIPPED_RESOURCE, e);
    }
    String sha = HexFormat.of().formatHex(digest(bytes));
    Path dir = Utils.getCacheDir().resolve("camreasoner").resolve("models");
    Path file = dir.resolve("motion-mlp-" + sha.substring(0, 16) + ".onnx");
    try {
      if (Files.isRegularFile(file) && sha256(file).equals(sha)) {
        return file;
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "motion-mlp", ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the shipped model to " + file, e);
    }
  }

  /** Hex SHA-256 of a file. */
  static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
