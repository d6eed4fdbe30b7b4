package io.camreasoner.bench;

import io.camreasoner.schemas.TransitionType;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores found transitions against ground truth, as shot-boundary benchmarks do (TransNetV2's F1
 * over transitions, PySceneDetect's cut lists): a found transition matches a true one of the same
 * type, each true one at most once; a dissolve's or fade's start and end must both lie within
 * {@link #TOLERANCE} frames of the true ones, a cut's frame must be exact (as the bench always
 * scored cuts). Cuts are also scored alone. Pure; sums over programmes with {@link #plus}.
 *
 * @param cutsTrue true cuts
 * @param cutsFound cuts found
 * @param cutsHit cuts found at their exact frame
 * @param gradualTrue true dissolves and fades
 * @param all true transitions of every type
 * @param found transitions found of every type
 * @param hits found transitions matched to a true one
 * @param gradualHits matched dissolves and fades
 * @param startError summed |start - true start| of matched dissolves and fades
 * @param endError summed |end - true end| of matched dissolves and fades
 */
record TransitionScore(
    int cutsTrue,
    int cutsFound,
    int cutsHit,
    int gradualTrue,
    int all,
    int found,
    int hits,
    int gradualHits,
    long startError,
    long endError) {

  /** Frames a matched dissolve's or fade's start and end may each be off by. */
  static final int TOLERANCE = 2;

  /** A transition, true or found. */
  record Span(TransitionType type, long startFrame, long endFrame) {}

  static final TransitionScore NONE = new TransitionScore(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The score of one programme. */
  static TransitionScore of(List<Span> truth, List<Span> found) {
    List<Long> trueCuts = cuts(truth);
    List<Long> foundCuts = cuts(found);
    int cutHits = (int) foundCuts.stream().filter(trueCuts::contains).count();
    List<Span> open = new ArrayList<>(truth);
    int hits = 0;
    int gradualHits = 0;
    long startError = 0;
    long endError = 0;
    for (Span f : found) {
      Span best = null;
      int tolerance = f.type().gradual() ? TOLERANCE : 0;
      for (Span t : open) {
        if (t.type() == f.type()
            && Math.abs(t.startFrame() - f.startFrame()) <= tolerance
            && Math.abs(t.endFrame() - f.endFrame()) <= tolerance
            && (best == null || distance(t, f) < distance(best, f))) {
          best = t;
        }
      }
      if (best != null) {
        open.remove(best);
        hits++;
        if (best.type().gradual()) {
          gradualHits++;
          startError += Math.abs(best.startFrame() - f.startFrame());
          endError += Math.abs(best.endFrame() - f.endFrame());
        }
      }
    }
    int gradual = (int) truth.stream().filter(t -> t.type().gradual()).count();
    return new TransitionScore(
        trueCuts.size(),
        foundCuts.size(),
        cutHits,
        gradual,
        truth.size(),
        found.size(),
        hits,
        gradualHits,
        startError,
        endError);
  }

  private static long distance(Span a, Span b) {
    return Math.abs(a.startFrame() - b.startFrame()) + Math.abs(a.endFrame() - b.endFrame());
  }

  private static List<Long> cuts(List<Span> spans) {
    return spans.stream()
        .filter(s -> s.type() == TransitionType.CUT)
        .map(Span::startFrame)
        .toList();
  }

  /** The sum of two scores. */
  TransitionScore plus(TransitionScore o) {
    return new TransitionScore(
        cutsTrue + o.cutsTrue,
        cutsFound + o.cutsFound,
        cutsHit + o.cutsHit,
        gradualTrue + o.gradualTrue,
        all + o.all,
        found + o.found,
        hits + o.hits,
        gradualHits + o.gradualHits,
        startError + o.startError,
        endError + o.endError);
  }

  /** Cut F1 (exact frames); 1 when there were no cuts to find and none was found. */
  double cutF1() {
    return f1(cutsHit, cutsFound, cutsTrue);
  }

  /** F1 over transitions of every type (type, start and end within the tolerance). */
  double transitionF1() {
    return f1(hits, found, all);
  }

  /** Found transitions that match nothing true: false cuts, dissolves or fades. */
  int falseTransitions() {
    return found - hits;
  }

  /** Cuts found that are not true cuts. */
  int falseCuts() {
    return cutsFound - cutsHit;
  }

  private static double f1(int hit, int found, int truth) {
    if (found == 0 && truth == 0) {
      return 1;
    }
    double precision = hit / (double) Math.max(1, found);
    double recall = hit / (double) Math.max(1, truth);
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  /** One line: cut and transition counts and F1, gradual timing errors. */
  String describe() {
    return String.format(
        "cuts %d/%d found, %d false, F1 %.3f | transitions %d/%d found, %d false, F1 %.3f%s",
        cutsHit,
        cutsTrue,
        falseCuts(),
        cutF1(),
        hits,
        all,
        falseTransitions(),
        transitionF1(),
        gradualHits == 0
            ? ""
            : String.format(
                " | dissolves+fades %d/%d, mean start error %.1f, end error %.1f frames",
                gradualHits,
                gradualTrue,
                startError / (double) gradualHits,
                endError / (double) gradualHits));
  }
}
