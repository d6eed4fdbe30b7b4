package io.camreasoner.training;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.model.LabelChoice;
import io.camreasoner.worker.backend.model.ModelEnsemble;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Validation figures of the model, the geometric reasoner and their blend on the same windows:
 * exact-label-set accuracy (labels by {@link LabelChoice}, as the worker picks them) and mean
 * average precision over the labels present. Used to choose the ensemble weight on validation
 * seeds; the held-out figures come from {@code camreasoner bench accuracy}.
 */
public final class Evaluation {

  /** Blend weights tried for the model (1 = the model alone). */
  static final double[] WEIGHTS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  private Evaluation() {}

  /** Figures of one scorer. */
  public record Figures(double accuracy, double meanAveragePrecision) {}

  /** The model's figures at a blend weight ({@code 1} = the model alone), threshold 0.5. */
  public static Figures blended(Dataset data, float[][] modelScores, double weight) {
    List<Map<MotionLabel, Double>> scores = new ArrayList<>();
    List<List<MotionLabel>> labels = new ArrayList<>();
    ModelEnsemble e = weight >= 1 ? ModelEnsemble.NONE : ModelEnsemble.GEOMETRY;
    for (int i = 0; i < data.size(); i++) {
      Map<MotionLabel, Double> s =
          e.combine(modelScores[i], data.rows().get(i).geometryScoreMap(), weight);
      scores.add(s);
      labels.add(LabelChoice.choose(s, 0.5));
    }
    return figures(data, scores, labels);
  }

  /** The geometric reasoner's own figures (its labels and scores as recorded in the dataset). */
  public static Figures geometry(Dataset data) {
    List<Map<MotionLabel, Double>> scores = new ArrayList<>();
    List<List<MotionLabel>> labels = new ArrayList<>();
    for (Dataset.Row r : data.rows()) {
      scores.add(r.geometryScoreMap());
      labels.add(r.geometry());
    }
    return figures(data, scores, labels);
  }

  /** The weight of {@link #WEIGHTS} with the best validation accuracy (ties: the larger mAP). */
  public static double bestWeight(Dataset data, float[][] modelScores) {
    double best = 1;
    Figures bestFigures = null;
    for (double w : WEIGHTS) {
      Figures f = blended(data, modelScores, w);
      if (bestFigures == null
          || f.accuracy() > bestFigures.accuracy() + 1e-12
          || Math.abs(f.accuracy() - bestFigures.accuracy()) <= 1e-12
              && f.meanAveragePrecision() > bestFigures.meanAveragePrecision()) {
        best = w;
        bestFigures = f;
      }
    }
    return best;
  }

  private static Figures figures(
      Dataset data, List<Map<MotionLabel, Double>> scores, List<List<MotionLabel>> labels) {
    int right = 0;
    for (int i = 0; i < data.size(); i++) {
      if (EnumSet.copyOf(labels.get(i)).equals(data.rows().get(i).truth())) {
        right++;
      }
    }
    double apSum = 0;
    int apCount = 0;
    for (MotionLabel l : MotionLabel.values()) {
      double ap = averagePrecision(data, scores, l);
      if (!Double.isNaN(ap)) {
        apSum += ap;
        apCount++;
      }
    }
    return new Figures(
        right / (double) Math.max(1, data.size()), apCount == 0 ? Double.NaN : apSum / apCount);
  }

  /** Windows ranked by the label's score, precision averaged at each true positive. */
  static double averagePrecision(
      Dataset data, List<Map<MotionLabel, Double>> scores, MotionLabel l) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Double.compare(scores.get(b).get(l), scores.get(a).get(l)));
    int positives = 0;
    double sum = 0;
    for (int rank = 0; rank < order.size(); rank++) {
      if (data.rows().get(order.get(rank)).truth().contains(l)) {
        positives++;
        sum += positives / (double) (rank + 1);
      }
    }
    return positives == 0 ? Double.NaN : sum / positives;
  }
}
