package io.camreasoner.bench;

import io.camreasoner.reasoner.ReasoningResult;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.MotionLabel.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accuracy figures of one reasoner over labelled clips: exact-answer accuracy, per-label precision
 * and recall, a confusion matrix of single-label clips, the confusable-pair rates, false camera
 * motion on still-camera clips with moving objects, and CameraBench-style average precision per
 * label from the confidences.
 */
final class AccuracyMetrics {

  /** One scored clip. */
  record Outcome(
      Set<MotionLabel> truth,
      List<MotionLabel> predicted,
      Map<MotionLabel, Double> scores,
      String category,
      String group) {

    boolean right() {
      return EnumSet.copyOf(predicted).equals(truth);
    }
  }

  /** Why an answer was wrong, from the truth and the answer alone. */
  enum FailureMode {
    STATIC_FALSE_POSITIVE("still camera answered with motion"),
    MOTION_MISSED("camera motion answered static"),
    ROTATION_READ_AS_TRANSLATION("pan/tilt/zoom answered truck/pedestal/dolly"),
    TRANSLATION_READ_AS_ROTATION("truck/pedestal/dolly answered pan/tilt/zoom"),
    WRONG_DIRECTION("right family, wrong direction"),
    EXTRA_LABEL("a label too many"),
    MISSING_LABEL("a label too few"),
    OTHER("another family");

    final String description;

    FailureMode(String description) {
      this.description = description;
    }

    static FailureMode of(Set<MotionLabel> truth, List<MotionLabel> predicted) {
      boolean truthStatic = truth.contains(MotionLabel.STATIC);
      boolean answerStatic = predicted.contains(MotionLabel.STATIC);
      if (truthStatic) {
        return STATIC_FALSE_POSITIVE;
      }
      if (answerStatic) {
        return MOTION_MISSED;
      }
      for (MotionLabel t : truth) {
        for (MotionLabel p : predicted) {
          if (translationOf(t.kind()) == p.kind()) {
            return ROTATION_READ_AS_TRANSLATION;
          }
          if (translationOf(p.kind()) == t.kind()) {
            return TRANSLATION_READ_AS_ROTATION;
          }
        }
      }
      for (MotionLabel t : truth) {
        for (MotionLabel p : predicted) {
          if (t.kind() == p.kind() && t != p) {
            return WRONG_DIRECTION;
          }
        }
      }
      if (predicted.containsAll(truth)) {
        return EXTRA_LABEL;
      }
      if (truth.containsAll(predicted)) {
        return MISSING_LABEL;
      }
      return OTHER;
    }

    private static Kind translationOf(Kind k) {
      return switch (k) {
        case PAN -> Kind.TRUCK;
        case TILT -> Kind.PEDESTAL;
        case ZOOM -> Kind.DOLLY;
        default -> null;
      };
    }
  }

  private final List<Outcome> outcomes = new ArrayList<>();

  void add(Clip clip, ReasoningResult result) {
    add(clip, result.labels(), result.scores());
  }

  void add(Clip clip, List<MotionLabel> labels, Map<MotionLabel, Double> scores) {
    outcomes.add(new Outcome(clip.truth(), labels, scores, clip.category(), clip.group()));
  }

  /** Adds every clip another set of figures scored (figures over several seeds together). */
  void addAll(AccuracyMetrics other) {
    outcomes.addAll(other.outcomes);
  }

  /** The groups of the clips, in first-seen order. */
  List<String> groups() {
    return outcomes.stream().map(Outcome::group).distinct().toList();
  }

  /** Clips of a group. */
  long groupSize(String group) {
    return outcomes.stream().filter(o -> o.group().equals(group)).count();
  }

  /** Accuracy over the clips of one group. */
  double groupAccuracy(String group) {
    long n = groupSize(group);
    long ok = outcomes.stream().filter(o -> o.group().equals(group)).filter(Outcome::right).count();
    return n == 0 ? Double.NaN : ok / (double) n;
  }

  /** Still-camera clips (truth {@code static}) answered with any motion; null group = all. */
  long staticFalsePositives(String group) {
    return outcomes.stream()
        .filter(o -> group == null || o.group().equals(group))
        .filter(o -> o.truth().contains(MotionLabel.STATIC))
        .filter(o -> !o.predicted().equals(List.of(MotionLabel.STATIC)))
        .count();
  }

  /**
   * Of the single-label clips whose truth is {@code l}, the share answered exactly {@code l} (NaN
   * when there is none).
   */
  double labelAccuracy(MotionLabel l) {
    long n = outcomes.stream().filter(o -> o.truth().equals(EnumSet.of(l))).count();
    long ok =
        outcomes.stream()
            .filter(o -> o.truth().equals(EnumSet.of(l)))
            .filter(Outcome::right)
            .count();
    return n == 0 ? Double.NaN : ok / (double) n;
  }

  /** Wrong answers by failure mode (every mode present, in declaration order). */
  Map<FailureMode, Integer> failureModes() {
    Map<FailureMode, Integer> out = new java.util.EnumMap<>(FailureMode.class);
    for (FailureMode f : FailureMode.values()) {
      out.put(f, 0);
    }
    for (Outcome o : outcomes) {
      if (!o.right()) {
        out.merge(FailureMode.of(o.truth(), o.predicted()), 1, Integer::sum);
      }
    }
    return out;
  }

  int size() {
    return outcomes.size();
  }

  /** Share of clips whose predicted label set equals the true set. */
  double accuracy() {
    return outcomes.isEmpty()
        ? 0
        : outcomes.stream().filter(o -> EnumSet.copyOf(o.predicted()).equals(o.truth())).count()
            / (double) outcomes.size();
  }

  double precision(MotionLabel l) {
    long tp =
        outcomes.stream().filter(o -> o.truth().contains(l) && o.predicted().contains(l)).count();
    long fp =
        outcomes.stream().filter(o -> !o.truth().contains(l) && o.predicted().contains(l)).count();
    return tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp);
  }

  double recall(MotionLabel l) {
    long tp =
        outcomes.stream().filter(o -> o.truth().contains(l) && o.predicted().contains(l)).count();
    long fn =
        outcomes.stream().filter(o -> o.truth().contains(l) && !o.predicted().contains(l)).count();
    return tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn);
  }

  /**
   * Of the single-label clips whose true label is in family {@code truth}, the share answered with
   * that family (right direction) and not with {@code confusedWith}.
   */
  double pairRate(Kind truth, Kind confusedWith) {
    long n = 0;
    long ok = 0;
    for (Outcome o : outcomes) {
      if (o.truth().size() != 1) {
        continue;
      }
      MotionLabel t = o.truth().iterator().next();
      if (t.kind() != truth) {
        continue;
      }
      n++;
      boolean confused = o.predicted().stream().anyMatch(p -> p.kind() == confusedWith);
      if (o.predicted().contains(t) && !confused) {
        ok++;
      }
    }
    return n == 0 ? Double.NaN : ok / (double) n;
  }

  /** Clips of a category whose answer is not exactly {@code static}. */
  long falseMotion(String category) {
    return outcomes.stream()
        .filter(o -> o.category().equals(category))
        .filter(o -> !o.predicted().equals(List.of(MotionLabel.STATIC)))
        .count();
  }

  long count(String category) {
    return outcomes.stream().filter(o -> o.category().equals(category)).count();
  }

  /** Accuracy over the clips of one category. */
  double accuracy(String category) {
    long n = count(category);
    long ok =
        outcomes.stream()
            .filter(o -> o.category().equals(category))
            .filter(o -> EnumSet.copyOf(o.predicted()).equals(o.truth()))
            .count();
    return n == 0 ? Double.NaN : ok / (double) n;
  }

  /**
   * Average precision of one label: clips ranked by the label's score, precision averaged at each
   * true positive (NaN when no clip has the label).
   */
  double averagePrecision(MotionLabel l) {
    List<Outcome> ranked = new ArrayList<>(outcomes);
    ranked.sort((a, b) -> Double.compare(b.scores().get(l), a.scores().get(l)));
    long positives = ranked.stream().filter(o -> o.truth().contains(l)).count();
    if (positives == 0) {
      return Double.NaN;
    }
    double sum = 0;
    int tp = 0;
    for (int i = 0; i < ranked.size(); i++) {
      if (ranked.get(i).truth().contains(l)) {
        tp++;
        sum += tp / (double) (i + 1);
      }
    }
    return sum / positives;
  }

  /** Mean of the defined per-label average precisions over the 15 labels. */
  double meanAveragePrecision() {
    double s = 0;
    int n = 0;
    for (MotionLabel l : MotionLabel.values()) {
      double ap = averagePrecision(l);
      if (!Double.isNaN(ap)) {
        s += ap;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Confusion matrix over single-label clips: [true label][predicted], predicted index 15 = "other"
   * (several labels, or a label set that is not one label).
   */
  int[][] confusion() {
    int n = MotionLabel.values().length;
    int[][] m = new int[n][n + 1];
    for (Outcome o : outcomes) {
      if (o.truth().size() != 1) {
        continue;
      }
      int t = o.truth().iterator().next().ordinal();
      int p = o.predicted().size() == 1 ? o.predicted().get(0).ordinal() : n;
      m[t][p]++;
    }
    return m;
  }
}
