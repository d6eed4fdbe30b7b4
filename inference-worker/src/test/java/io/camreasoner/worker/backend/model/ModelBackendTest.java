package io.camreasoner.worker.backend.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.testing.TestWindows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real ONNX models, written by {@link OnnxModelWriter}, through DJL's ONNX Runtime engine and
 * checks their scores against the same MLP computed in Java ({@link MlpWeights#scores}); and loads
 * the shipped model.
 */
class ModelBackendTest {

  @TempDir Path dir;

  /** Features that differ per window, so every row of a batch is distinct. */
  private static final FeatureSource FEATURES = ModelBackendTest::measured;

  private static MeasuredWindow measured(DecodedWindow w) {
    Random r = new Random(w.windowSeq());
    float[] f = new float[MotionFeatures.COUNT];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian() * (1 + i % 3);
    }
    Map<MotionLabel, Double> geometry = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      geometry.put(l, l == MotionLabel.PAN_LEFT ? 0.9 : 0.05);
    }
    MotionCues cues =
        MotionCues.newBuilder()
            .setTranslationX(0.05 * (w.windowSeq() - 2))
            .setTrackCount(100 + (int) w.windowSeq())
            .build();
    return new MeasuredWindow(
        cues,
        new MotionFeatures(f),
        geometry,
        List.of(MotionLabel.PAN_LEFT),
        "observed " + cues.getTrackCount() + " tracks");
  }

  /** A random two-hidden-layer classifier with a non-trivial input standardization. */
  static MlpWeights randomWeights(long seed, int inputs) {
    Random r = new Random(seed);
    int[] widths = {inputs, 16, 8, MotionLabel.values().length};
    List<float[][]> ws = new ArrayList<>();
    List<float[]> bs = new ArrayList<>();
    for (int k = 0; k + 1 < widths.length; k++) {
      float[][] w = new float[widths[k]][widths[k + 1]];
      for (float[] row : w) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (float) r.nextGaussian() * (k == 0 ? 0.6f : 1f);
        }
      }
      float[] b = new float[widths[k + 1]];
      for (int j = 0; j < b.length; j++) {
        b[j] = (float) r.nextGaussian() * 0.5f;
      }
      ws.add(w);
      bs.add(b);
    }
    float[] mean = new float[inputs];
    float[] scale = new float[inputs];
    for (int i = 0; i < inputs; i++) {
      mean[i] = (float) r.nextGaussian();
      scale[i] = 0.5f + r.nextFloat();
    }
    return new MlpWeights(mean, scale, ws, bs);
  }

  private ModelBackendFactory factory(MlpWeights weights, int maxBatch) throws Exception {
    Path file = dir.resolve("motion.onnx");
    OnnxModelWriter.write(weights, "test motion classifier", file);
    return new ModelBackendFactory(
        new ModelSettings(file, "OnnxRuntime", 0.5, maxBatch), () -> FEATURES);
  }

  private static List<DecodedWindow> windows(int n) {
    List<DecodedWindow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestWindows.decoded("s", i, 2, 1));
    }
    return out;
  }

  @Test
  void shouldScoreWindowsWithTheOnnxModelExactlyAsTheJavaMath() throws Exception {
    MlpWeights weights = randomWeights(7, MotionFeatures.COUNT);
    try (ModelBackendFactory f = factory(weights, 3);
        ReasonerBackend backend = f.create()) {
      assertThat(f.engineName()).isEqualTo("OnnxRuntime");
      List<DecodedWindow> batch = windows(7); // 3 + 3 + 1 model calls

      List<BackendResult> results = backend.reason(batch);

      assertThat(results).hasSize(7);
      for (int i = 0; i < batch.size(); i++) {
        MeasuredWindow m = FEATURES.measure(batch.get(i));
        float[] expected = weights.scores(m.features().values());
        BackendResult r = results.get(i);
        for (MotionLabel l : MotionLabel.values()) {
          assertThat(r.scores().get(l))
              .as("%s of window %d", l, i)
              .isCloseTo(expected[l.ordinal()], within(1e-5));
        }
        assertThat(r.labels()).isEqualTo(LabelChoice.choose(r.scores(), 0.5)).isNotEmpty();
        assertThat(r.cues()).isEqualTo(m.cues());
        assertThat(r.answer())
            .isEqualTo(String.join(", ", r.labels().stream().map(MotionLabel::label).toList()));
        assertThat(r.observation()).isEqualTo(m.observation());
        assertThat(r.thinking()).contains("motion.onnx@").doesNotContain("geometric reasoner");
      }
      // different features give different scores: the model is really evaluated per row
      assertThat(results.get(0).scores()).isNotEqualTo(results.get(4).scores());
      assertThat(backend.modelVersion()).matches("motion\\.onnx@[0-9a-f]{12}");
    }
  }

  @Test
  void shouldBlendTheGeometricScoresWhenTheEnsembleIsGeometry() throws Exception {
    MlpWeights weights = randomWeights(9, MotionFeatures.COUNT);
    Path file = dir.resolve("blend.onnx");
    OnnxModelWriter.write(weights, "", file);
    ModelSettings settings =
        new ModelSettings(file, "OnnxRuntime", 0.5, 8, ModelEnsemble.GEOMETRY, 0.25, 0.6);
    try (ModelBackendFactory f = new ModelBackendFactory(settings, () -> FEATURES);
        ReasonerBackend backend = f.create()) {
      List<DecodedWindow> batch = windows(3);

      List<BackendResult> results = backend.reason(batch);

      for (int i = 0; i < batch.size(); i++) {
        MeasuredWindow m = FEATURES.measure(batch.get(i));
        float[] model = weights.scores(m.features().values());
        for (MotionLabel l : MotionLabel.values()) {
          double w = ModelEnsemble.zoomOrDolly(l) ? 0.6 : 0.25;
          double expected = w * model[l.ordinal()] + (1 - w) * m.geometryScores().get(l);
          assertThat(results.get(i).scores().get(l)).isCloseTo(expected, within(1e-5));
        }
        // geometry's confident pan-left weighs 0.75: it wins whatever the random model says
        assertThat(results.get(i).labels()).contains(MotionLabel.PAN_LEFT);
        assertThat(results.get(i).thinking()).contains("geometric reasoner answered pan-left");
      }
      assertThat(backend.modelVersion()).endsWith("+geometry");
    }
  }

  @Test
  void shouldGiveEveryThreadItsOwnPredictorWithIdenticalResults() throws Exception {
    try (ModelBackendFactory f = factory(randomWeights(11, MotionFeatures.COUNT), 8)) {
      List<DecodedWindow> batch = windows(6);
      CompletableFuture<List<BackendResult>> a = CompletableFuture.supplyAsync(() -> run(f, batch));
      CompletableFuture<List<BackendResult>> b = CompletableFuture.supplyAsync(() -> run(f, batch));

      assertThat(a.get()).isEqualTo(b.get());
    }
  }

  private static List<BackendResult> run(ModelBackendFactory f, List<DecodedWindow> batch) {
    try (ReasonerBackend backend = f.create()) {
      List<BackendResult> out = new ArrayList<>();
      for (BackendResult r : backend.reason(batch)) {
        out.add(r.withInferenceMillis(0));
      }
      return out;
    } catch (BackendException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldReportTheWindowWhoseFeaturesCannotBeMeasured() throws Exception {
    Path file = dir.resolve("m.onnx");
    OnnxModelWriter.write(randomWeights(3, MotionFeatures.COUNT), "", file);
    FeatureSource failing =
        w -> {
          if (w.windowSeq() == 2) {
            throw new BackendException("no texture", false, 0, null);
          }
          return FEATURES.measure(w);
        };
    try (ModelBackendFactory f =
            new ModelBackendFactory(new ModelSettings(file, "OnnxRuntime", 0.5, 2), () -> failing);
        ReasonerBackend backend = f.create()) {
      assertThatThrownBy(() -> backend.reason(windows(4)))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.windowIndex()).isEqualTo(2));
    }
  }

  @Test
  void shouldNameModelAndEngineWhenTheModelCannotBeLoaded() throws Exception {
    Path bogus = dir.resolve("bogus.onnx");
    Files.writeString(bogus, "this is not an onnx model");

    assertThatThrownBy(
            () ->
                new ModelBackendFactory(
                    new ModelSettings(bogus, "OnnxRuntime", 0.5, 4), () -> FEATURES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot load model.path " + bogus + " with engine OnnxRuntime");
  }

  @Test
  void shouldRefuseAModelWhoseInputIsNotTheMotionDescriptor() throws Exception {
    // e.g. a classifier of the earlier 12-cue contract
    Path old = dir.resolve("cues12.onnx");
    OnnxModelWriter.write(randomWeights(4, 12), "", old);

    assertThatThrownBy(
            () ->
                new ModelBackendFactory(
                    new ModelSettings(old, "OnnxRuntime", 0.5, 4), () -> FEATURES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not take the " + MotionFeatures.COUNT + " motion features")
        .hasMessageContaining(MotionFeatures.VERSION);
  }

  @Test
  void shouldNameTheEngineWhenItCannotRunOnThisHost() throws Exception {
    // TensorRT needs a GPU (and, without -Ptensorrt, DJL's engine is not even on the classpath)
    Path file = dir.resolve("trt.onnx");
    OnnxModelWriter.write(randomWeights(5, MotionFeatures.COUNT), "", file);

    assertThatThrownBy(
            () ->
                new ModelBackendFactory(
                    new ModelSettings(file, "TensorRT", 0.5, 4), () -> FEATURES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("with engine TensorRT");
  }

  @Test
  void shouldLoadTheShippedModelWhenNoPathIsGiven() throws Exception {
    String sha =
        new String(
                ModelBackendTest.class
                    .getResourceAsStream(MotionModel.SHIPPED_RESOURCE + ".sha256")
                    .readAllBytes(),
                StandardCharsets.US_ASCII)
            .substring(0, 64);
    try (ModelBackendFactory f =
            new ModelBackendFactory(
                new ModelSettings(null, "OnnxRuntime", 0.5, 4), () -> FEATURES);
        ReasonerBackend backend = f.create()) {
      assertThat(MotionModel.sha256(MotionModel.shippedModel())).isEqualTo(sha);
      assertThat(f.version()).isEqualTo("motion-mlp.onnx@" + sha.substring(0, 12));

      BackendResult r = backend.reason(windows(1)).get(0);

      assertThat(r.scores().values()).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
      assertThat(r.labels()).isNotEmpty();
    }
  }
}
