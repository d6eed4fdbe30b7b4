package io.camreasoner.worker.backend.model;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code model} backend for one processing thread: measures each window's cues, classifies a
 * batch of them in one call of its own DJL {@link Predictor}, and picks labels from the scores.
 *
 * <p>Label choice: per family the stronger direction is kept if its score reaches {@code
 * model.threshold}; with none kept, or {@code static} scoring above every kept motion, the answer
 * is the single best label.
 */
final class ModelBackend implements ReasonerBackend {

  private final Predictor<FeatureBatch, float[][]> predictor;
  private final CueSource cues;
  private final ModelSettings settings;
  private final String version;

  ModelBackend(
      Predictor<FeatureBatch, float[][]> predictor,
      CueSource cues,
      ModelSettings settings,
      String version) {
    this.predictor = predictor;
    this.cues = cues;
    this.settings = settings;
    this.version = version;
  }

  @Override
  public String name() {
    return "model";
  }

  @Override
  public String modelVersion() {
    return version;
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
    List<MotionCues> measured = new ArrayList<>(windows.size());
    float[][] rows = new float[windows.size()][];
    for (int i = 0; i < windows.size(); i++) {
      MotionCues c;
      try {
        c = cues.measure(windows.get(i));
      } catch (BackendException e) {
        throw new BackendException(e.getMessage(), e.retriable(), offset + i, e.getCause());
      }
      measured.add(c);
      rows[i] = CueFeatures.of(c);
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

  private BackendResult result(float[] raw, MotionCues c, double millis) {
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l, (double) Math.min(1f, Math.max(0f, raw[l.ordinal()])));
    }
    List<MotionLabel> labels = choose(scores, settings.threshold());
    String ranked =
        scores.entrySet().stream()
            .sorted(Map.Entry.<MotionLabel, Double>comparingByValue().reversed())
            .limit(4)
            .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey().label(), e.getValue()))
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    String answer = String.join(", ", labels.stream().map(MotionLabel::label).toList());
    String thinking =
        String.format(
            Locale.ROOT,
            "The learned cue classifier %s scored the %d cues: %s. Labels at or above %.2f are"
                + " kept, the stronger direction per family; so the camera motion is %s.",
            version,
            CueFeatures.COUNT,
            ranked,
            settings.threshold(),
            answer);
    return new BackendResult(labels, scores, CueFeatures.describe(c), thinking, answer, c, millis);
  }

  /** Labels from scores, as described in the class comment (package-private for tests). */
  static List<MotionLabel> choose(Map<MotionLabel, Double> scores, double threshold) {
    List<MotionLabel> kept = new ArrayList<>();
    for (MotionLabel l : MotionLabel.values()) {
      if (l == MotionLabel.STATIC || l.direction() < 0) {
        continue;
      }
      MotionLabel stronger = scores.get(l) >= scores.get(l.opposite()) ? l : l.opposite();
      if (scores.get(stronger) >= threshold) {
        kept.add(stronger);
      }
    }
    double bestKept = kept.stream().mapToDouble(scores::get).max().orElse(-1);
    if (kept.isEmpty() || scores.get(MotionLabel.STATIC) > bestKept) {
      MotionLabel best =
          scores.entrySet().stream()
              .max(Comparator.comparingDouble(Map.Entry::getValue))
              .orElseThrow()
              .getKey();
      return List.of(best);
    }
    kept.sort(Comparator.comparingInt(MotionLabel::ordinal));
    return kept;
  }

  @Override
  public void close() {
    predictor.close();
  }
}
