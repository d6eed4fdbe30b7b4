package io.camreasoner.worker.backend.model;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code model} backend for one processing thread: measures each window (motion descriptor and
 * geometric decision from one pass of the reasoner), classifies a batch of descriptors in one call
 * of its own DJL {@link Predictor}, optionally blends in the geometric scores ({@link
 * ModelEnsemble}), and picks labels with {@link LabelChoice}.
 */
final class ModelBackend implements ReasonerBackend {

  private final Predictor<FeatureBatch, float[][]> predictor;
  private final FeatureSource features;
  private final ModelSettings settings;
  private final String version;

  ModelBackend(
      Predictor<FeatureBatch, float[][]> predictor,
      FeatureSource features,
      ModelSettings settings,
      String version) {
    this.predictor = predictor;
    this.features = features;
    this.settings = settings;
    this.version = version;
  }

  @Override
  public String name() {
    return "model";
  }

  @Override
  public String modelVersion() {
    return settings.ensemble() == ModelEnsemble.NONE ? version : version + "+geometry";
  }

  @Override
  public List<BackendResult> reason(List<DecodedWindow> windows) throws BackendException {
    List<BackendResult> out = new ArrayList<>(windows.size());
    for (int from = 0; from < windows.size(); from += settings.maxBatch()) {
      out.addAll(
          reasonChunk(
              windows.subList(from, Math.min(windows.size(), from + settings.maxBatch())), from));
    }
    return out;
  }

  private List<BackendResult> reasonChunk(List<DecodedWindow> windows, int offset)
      throws BackendException {
    long start = System.nanoTime();
    List<MeasuredWindow> measured = new ArrayList<>(windows.size());
    float[][] rows = new float[windows.size()][];
    for (int i = 0; i < windows.size(); i++) {
      MeasuredWindow m;
      try {
        m = features.measure(windows.get(i));
      } catch (BackendException e) {
        throw new BackendException(e.getMessage(), e.retriable(), offset + i, e.getCause());
      }
      measured.add(m);
      rows[i] = m.features().values();
    }
    float[][] scores;
    try {
      scores = predictor.predict(new FeatureBatch(rows));
    } catch (TranslateException | RuntimeException e) {
      throw BackendException.ofBatch(
          "model " + version + " failed on a batch of " + windows.size() + ": " + e.getMessage(),
          false,
          e);
    }
    double perWindow = (System.nanoTime() - start) / 1e6 / windows.size();
    List<BackendResult> out = new ArrayList<>(windows.size());
    for (int i = 0; i < windows.size(); i++) {
      out.add(result(scores[i], measured.get(i), perWindow));
    }
    return out;
  }

  private BackendResult result(float[] raw, MeasuredWindow m, double millis) {
    Map<MotionLabel, Double> own = ModelEnsemble.NONE.combine(raw, m.geometryScores(), 1);
    Map<MotionLabel, Double> scores =
        settings
            .ensemble()
            .combine(
                raw, m.geometryScores(), settings.ensembleWeight(), settings.zoomDollyWeight());
    List<MotionLabel> labels = LabelChoice.choose(scores, settings.threshold());
    String answer = String.join(", ", labels.stream().map(MotionLabel::label).toList());
    StringBuilder thinking =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "The learned motion model %s scored the %d motion features: %s.",
                version,
                MotionFeatures.COUNT,
                ranked(own)));
    if (settings.ensemble() == ModelEnsemble.GEOMETRY) {
      thinking.append(
          String.format(
              Locale.ROOT,
              " The geometric reasoner answered %s; blending its scores at weight %.2f (%.2f for"
                  + " zoom and dolly) gives %s.",
              String.join(", ", m.geometryLabels().stream().map(MotionLabel::label).toList()),
              1 - settings.ensembleWeight(),
              1 - settings.zoomDollyWeight(),
              ranked(scores)));
    }
    thinking.append(
        String.format(
            Locale.ROOT,
            " Labels at or above %.2f are kept, the stronger direction per family; so the camera"
                + " motion is %s.",
            settings.threshold(),
            answer));
    return new BackendResult(
        labels, scores, m.observation(), thinking.toString(), answer, m.cues(), millis);
  }

  /** The four best labels with their scores, best first. */
  private static String ranked(Map<MotionLabel, Double> scores) {
    return scores.entrySet().stream()
        .sorted(Map.Entry.<MotionLabel, Double>comparingByValue().reversed())
        .limit(4)
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey().label(), e.getValue()))
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  @Override
  public void close() {
    predictor.close();
  }
}
