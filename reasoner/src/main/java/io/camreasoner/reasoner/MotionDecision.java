package io.camreasoner.reasoner;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.MotionLabel.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Step 5 of the reasoner: turns a window's {@link WindowEvidence} into labels and per-label
 * confidences ({@link Verdict}); the words are {@link Explanation}'s. The rules:
 *
 * <ol>
 *   <li>Too little texture or too few tracks: {@code static} with low confidence.
 *   <li>A still camera: when no motion explains the tracks better than standing still ({@link
 *       #STILL_MIN_SUPPORT}, {@link #STILL_VS_MOVING}), whatever moves in front of it.
 *   <li>Families (horizontal, vertical, scale, roll) are active when the background's rate reaches
 *       its threshold and its move over the baseline stands out of the tracking noise ({@link
 *       #MIN_MOVE_PIXELS}, {@link #NOISE_FACTOR}): evidence accumulates over the window's whole
 *       span, so a slow move over a few seconds counts. A component much weaker than the dominant
 *       one is a by-product of fitting one model to a 3-D scene ({@link #SECONDARY_SHARE}).
 *   <li>Rotation or translation: translation when {@link ParallaxTest} accepts the groups as one
 *       translation's parallax; its epipole says which families translate (near the image: the
 *       scale family is a dolly; far: the horizontal and/or vertical family are truck/pedestal).
 *       <b>Documented rule for flat or distant scenes and for groups that fail the test:</b> the
 *       homography explanation (pan, tilt, zoom) is chosen, the simpler model in the sense of GRIC.
 *       Exceptions: a zoom or a tilt alone whose background tracks carry a translation's parallax,
 *       shared by neighbours along its motion beyond what they share across it ({@link
 *       ParallaxField}), is a dolly ({@link #MIN_FORWARD_FIELD_EXCESS}) or a pedestal ({@link
 *       #MIN_SIDEWAYS_FIELD_EXCESS}); a zoom alone is a dolly too when a group of tracks scales
 *       about the focus of expansion at its own rate, as a surface at another depth does ({@link
 *       ExpandingLayers}), whatever the parallax test made of the groups.
 *   <li>Directions follow {@link MotionLabel}: content moving left = pan/truck right, down =
 *       tilt/pedestal up, turning clockwise = roll-ccw, expanding = zoom/dolly in.
 * </ol>
 */
final class MotionDecision {

  /**
   * A still camera leaves at least this share of tracks where they were: less is too little
   * background to call the camera still against (a slow zoom keeps its centre still too, but a much
   * smaller share, see {@link #STILL_VS_MOVING}).
   */
  static final double STILL_MIN_SUPPORT = 0.3;

  /**
   * Standing still explains at least this share of what the background's fitted motion explains
   * (same tolerance): then the fitted motion adds nothing and the camera is still. A slow zoom or
   * pan explains 3-20 times more tracks by its motion than by standing still; a still camera with
   * movers about as many. Chosen on development seed 1000.
   */
  static final double STILL_VS_MOVING = 0.8;

  /**
   * A family's move over the baseline must reach this many pixels at the frame's edge (at {@value
   * GeometryConfig#REFERENCE_WIDTH} px width; a scale change's at the corners, where it moves the
   * frame most and where the background's edge move is read; a roll's half a width from the
   * centre): 5-10 times KLT's precision with a hundred tracks. (Read half a width from the centre,
   * a slow zoom-out of development seed 1001 moving its corners 1.06 px measured 0.90 and was
   * answered static. A roll stays at half a width: a camera that pans while tilted turns the image
   * about its centre by the pan times the tilt's sine, and read at the corners that turn of a pan +
   * tilt of the 10-minute {@code bench e2e} programme, 3.4 and 4.3 degrees/s, crossed this floor in
   * its last 3 s and was answered roll; no accuracy-bench clip changed either way.)
   */
  static final double MIN_MOVE_PIXELS = 1.0;

  /** ... and this many times the window's own tracking noise (JPEG, sensor noise). */
  static final double NOISE_FACTOR = 4;

  /** A component weaker than this share of the dominant image motion is not a camera motion. */
  static final double SECONDARY_SHARE = 0.25;

  /** The same while translating, where parallax inflates the by-products. */
  static final double SECONDARY_SHARE_TRANSLATING = 0.4;

  /**
   * While translating, a roll (and, sideways, a zoom) weaker than this share of the dominant motion
   * is ignored: parallax looks like rotation and scale to one homography.
   */
  static final double BY_PRODUCT_WHEN_TRANSLATING = 0.8;

  /**
   * While translating sideways, the scale family is a zoom only when the background's scale change
   * is at least this many times the anisotropic part of its homography (the stretch along one axis,
   * {@link Homography#anisotropy}). A zoom scales every direction alike; a sideways translation
   * cannot scale any plane's image evenly, only stretch it along the motion (its homography {@code
   * I + t nᵀ/d} leaves the other axis alone), which one homography fitted to layers reads as scale
   * and stretch of about equal size. On development seeds 1000 and 7001 true zooms, alone or
   * combined, read 6.6-1060 and trucks' spurious zooms 1.4-2.7.
   */
  static final double MIN_ZOOM_ISOTROPY = 4;

  /**
   * A secondary family (any active one but the largest move) is a camera motion only when the
   * background's tracks need it: the similarity model without its parameter ({@link NestedMotion})
   * may explain at most this share of the tracks the full similarity explains (the parsimony of
   * GRIC or MDL: a component the fit picked up from movers or depth layers explains hardly any
   * track the simpler model does not). Measured on development seeds 1000, 7001, 1001, 1002: the
   * secondary components of every right combo (pan + tilt, pan + zoom, pan + dolly, truck + tilt,
   * pan + pedestal, zoom + roll) 0.000-0.319, the spurious ones 0.947-1.000 (a zoom and a roll
   * added to a real-photos tilt with 27 % movers, a tilt added to a zoom with 38 %) and 0.516 (a
   * pedestal added to a truck read as a pan); about midway between the two.
   */
  static final double MAX_NESTED_SHARE = 0.6;

  /**
   * A window answered zoom alone is a dolly when its background's forward {@link ParallaxField}
   * excess reaches this. Measured on development seeds 1000-1007 (six clips per zoom or dolly label
   * and seed in each of the slow, movers, real-photos and real-footage groups, three quarters of
   * them beyond the bench's clip indices): the 380 zooms answered zoom read at most 0.49 (a slow
   * zoom; movers 0.39, real photos 0.44, real footage 0.37), the 121 dollies answered zoom up to
   * 13; 0.75, one and a half times the zooms' largest, makes 17 of those dollies right (16 slow, 1
   * among movers; the dollies of real photos and among movers mostly read like zooms on this
   * measure) and no zoom a dolly. Only a zoom alone: combined with a pan or tilt the background's
   * fit carries the turn's keystone into the radial residuals.
   */
  static final double MIN_FORWARD_FIELD_EXCESS = 0.75;

  /**
   * A window answered tilt alone is a pedestal when its background's sideways {@link ParallaxField}
   * excess reaches this. Measured on development seeds 1000-1007 (four clips per tilt or pedestal
   * label and seed in each of the slow, movers, real-photos and real-footage groups; synth and
   * varied clips of seeds 1000-1005): the 358 tilts answered tilt read at most 0.77 (slow tilts;
   * movers 0.49, real photos 0.27, real footage 0.32, synth 0.31, varied 0.56), the pedestals
   * answered tilt -0.6 to 51; 1.2, one and a half times the tilts' largest, makes 23 of those 38
   * right (17 slow, 4 among movers, 2 real photos) and no tilt a pedestal (on the bench's 3 456
   * clips one is: a slow, nearly noiseless tilt, noise 0.1 px, whose affine fit leaves the tilt's
   * keystone along its motion, 1.61). Not for pans: walkers cross a pan along its motion
   * (real-footage pans answered pan read up to 1.03) and a slow pan, fitted by an affine map that
   * leaves its keystone, up to 2.1, among trucks answered pan at 0.3-17.
   */
  static final double MIN_SIDEWAYS_FIELD_EXCESS = 1.2;

  /** A sideways epipole's component above this share of its length names that family. */
  static final double LATERAL_COMPONENT = 0.35;

  /** Epipole farther than this (frame widths): the translation has a sideways part. */
  static final double LATERAL_EPIPOLE = 0.6;

  /** Why the decision came out as it did. */
  enum Reason {
    UNTRACKABLE,
    STILL_BACKGROUND,
    NO_SIGNIFICANT_MOTION,
    MOVING
  }

  /** What says the camera translates, when a family translates. */
  enum TranslationEvidence {
    /** No family translates. */
    NONE,
    /** The groups of tracks are one translation's parallax ({@link ParallaxTest}). */
    GROUPS,
    /** The background tracks' parallax field ({@link ParallaxField}). */
    FIELD,
    /** A group scales about the focus of expansion as a depth layer ({@link ExpandingLayers}). */
    LAYERS
  }

  /** The four families of image motion. */
  enum Family {
    HORIZONTAL(Kind.PAN, Kind.TRUCK),
    VERTICAL(Kind.TILT, Kind.PEDESTAL),
    SCALE(Kind.ZOOM, Kind.DOLLY),
    ROLL(Kind.ROLL, Kind.ROLL);

    final Kind rotation;
    final Kind translation;

    Family(Kind rotation, Kind translation) {
      this.rotation = rotation;
      this.translation = translation;
    }
  }

  /**
   * What was decided for one family.
   *
   * @param family the family
   * @param rate its rate (frame-widths/s, relative scale /s or °/s)
   * @param threshold the rate it needs
   * @param movePixels its move over the baseline at the frame edge (pixels at 320 px)
   * @param evidence 0..1 that the camera moves in this family
   * @param translates whether the move is a translation
   * @param label the label it would give
   * @param nestedShare share of the full similarity's tracks the model without this family explains
   *     ({@link #MAX_NESTED_SHARE}); NaN when not asked (the only or the largest move)
   */
  record FamilyCall(
      Family family,
      double rate,
      double threshold,
      double movePixels,
      double evidence,
      boolean translates,
      MotionLabel label,
      double nestedShare) {

    /** Whether the nested-model test left this family out. */
    boolean notNeeded() {
      return nestedShare > MAX_NESTED_SHARE;
    }

    boolean active() {
      return evidence >= 0.5;
    }
  }

  /**
   * The decision.
   *
   * @param labels the labels
   * @param scores a score per vocabulary label
   * @param confidence the weakest chosen label's score
   * @param reason why
   * @param families per-family calls (empty when untrackable or still)
   * @param minMovePixels the move a family needed to stand out of the noise (pixels at 320 px)
   * @param stillness standing still's support over the fitted motion's
   * @param translation what says the camera translates
   */
  record Verdict(
      List<MotionLabel> labels,
      Map<MotionLabel, Double> scores,
      double confidence,
      Reason reason,
      List<FamilyCall> families,
      double minMovePixels,
      double stillness,
      TranslationEvidence translation) {}

  private final GeometryConfig config;

  MotionDecision(GeometryConfig config) {
    this.config = config;
  }

  Verdict decide(WindowEvidence e) {
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l, 0.0);
    }
    BackgroundMotion b = e.background();
    double stillness = b.stillSupport() / Math.max(1e-6, b.movingSupport());
    if (e.textureScore() < config.minTexture() || e.trackCount() < config.minTracks()) {
      double q = 0.25 * Math.min(1, e.trackCount() / (double) config.minTracks());
      scores.put(MotionLabel.STATIC, q);
      return new Verdict(
          List.of(MotionLabel.STATIC),
          scores,
          q,
          Reason.UNTRACKABLE,
          List.of(),
          0,
          stillness,
          TranslationEvidence.NONE);
    }
    ParallaxEvidence p = e.parallax();
    double quality =
        Math.min(
            1,
            0.4
                + 0.6
                    * Math.min(
                        Math.min(1, e.trackCount() / 40.0),
                        Math.min(
                            e.textureScore() / (2 * config.minTexture()),
                            (b.inlierShare() + p.parallaxShare()) / 0.5)));
    double pixel = e.width() / (double) GeometryConfig.REFERENCE_WIDTH;
    double minMove = Math.max(MIN_MOVE_PIXELS, NOISE_FACTOR * b.noisePixels() / pixel);
    boolean still = b.stillSupport() >= STILL_MIN_SUPPORT && stillness >= STILL_VS_MOVING;
    if (still) {
      double s = quality * MotionDecision.logistic(8 * (stillness - STILL_VS_MOVING) + 2);
      scores.put(MotionLabel.STATIC, s);
      return new Verdict(
          List.of(MotionLabel.STATIC),
          scores,
          s,
          Reason.STILL_BACKGROUND,
          List.of(),
          minMove,
          stillness,
          TranslationEvidence.NONE);
    }

    double seconds = b.baseline().seconds();
    double half = GeometryConfig.REFERENCE_WIDTH / 2.0;
    double corner = half * Math.hypot(1, e.height() / (double) e.width());
    double[] rate = {
      Math.abs(b.translationX()),
      Math.abs(b.translationY()),
      Math.abs(b.scaleRate()),
      Math.abs(b.rollRate())
    };
    double[] threshold = {
      config.minTranslationRate(),
      config.minTranslationRate(),
      config.minScaleRate(),
      config.minRollRate()
    };
    // every family's move as image motion over the baseline (pixels at 320): a translation's
    // everywhere, a scale change's at the corners, half a diagonal from the centre (where the
    // background's edge move is reported), a roll's half a width out (MIN_MOVE_PIXELS)
    double[] move = {
      rate[0] * GeometryConfig.REFERENCE_WIDTH * seconds,
      rate[1] * GeometryConfig.REFERENCE_WIDTH * seconds,
      Math.abs(Math.log1p(b.scaleRate())) * corner * seconds,
      Math.toRadians(rate[3]) * half * seconds
    };
    double[] evidence = new double[4];
    for (int f = 0; f < 4; f++) {
      evidence[f] = evidence(rate[f], threshold[f]) * evidence(move[f], minMove);
    }
    boolean translates = p.translates();
    double dominant = Math.max(Math.max(move[0], move[1]), Math.max(move[2], move[3]));
    double share = translates ? SECONDARY_SHARE_TRANSLATING : SECONDARY_SHARE;
    if (dominant > 0) {
      for (int f = 0; f < 4; f++) {
        evidence[f] *= Math.min(1, Math.pow(move[f] / (share * dominant), 4));
      }
    }
    // Where the translation goes, from the parallax epipole.
    boolean forward = translates;
    boolean sideX = translates;
    boolean sideY = translates;
    double[] epi = p.epipole();
    if (translates && epi != null) {
      double dist = p.epipoleDistance();
      double u = Vector2.length(epi[0], epi[1]);
      forward = dist < ParallaxTest.NEAR_EPIPOLE;
      boolean lateral = dist > LATERAL_EPIPOLE && u > 0;
      sideX = lateral && Math.abs(epi[0]) / u >= LATERAL_COMPONENT;
      sideY = lateral && Math.abs(epi[1]) / u >= LATERAL_COMPONENT;
    }
    if (translates && dominant > 0) {
      evidence[3] *= Math.min(1, Math.pow(move[3] / (BY_PRODUCT_WHEN_TRANSLATING * dominant), 4));
      if (!forward) {
        evidence[2] *= Math.min(1, Math.pow(move[2] / (BY_PRODUCT_WHEN_TRANSLATING * dominant), 4));
        evidence[2] *= Math.min(1, Math.pow(isotropy(b, e) / MIN_ZOOM_ISOTROPY, 4));
      }
    }
    double[] nested = nestedShares(b, e, evidence, move);
    for (int f = 0; f < 4; f++) {
      if (nested[f] > MAX_NESTED_SHARE) {
        evidence[f] *= 1 - nested[f];
      }
    }
    double pTrans = translates ? 0.5 + 0.5 * Math.min(1, p.coherence()) : 0.5 * p.coherence() * 0.5;
    int[] direction = {
      b.translationX() > 0 ? -1 : +1,
      b.translationY() > 0 ? +1 : -1,
      b.scaleRate() > 0 ? +1 : -1,
      b.rollRate() > 0 ? -1 : +1
    };
    boolean[] along = {sideX, sideY, forward, false};
    List<FamilyCall> calls = new ArrayList<>();
    List<MotionLabel> labels = new ArrayList<>();
    double maxEvidence = 0;
    for (Family family : Family.values()) {
      int f = family.ordinal();
      maxEvidence = Math.max(maxEvidence, evidence[f]);
      boolean isTranslation = family != Family.ROLL && translates && along[f];
      MotionLabel rot = MotionLabel.of(family.rotation, direction[f]);
      MotionLabel trans = MotionLabel.of(family.translation, direction[f]);
      if (family == Family.ROLL) {
        scores.put(rot, evidence[f] * quality);
      } else {
        double pt = translates && !along[f] ? 1 - pTrans : pTrans;
        scores.put(rot, evidence[f] * (1 - pt) * quality);
        scores.put(trans, evidence[f] * pt * quality);
      }
      MotionLabel label = isTranslation ? trans : rot;
      FamilyCall call =
          new FamilyCall(
              family, rate[f], threshold[f], move[f], evidence[f], isTranslation, label, nested[f]);
      calls.add(call);
      if (call.active()) {
        labels.add(label);
      }
    }
    MotionLabel byField = translates ? null : translationByField(labels, e.field());
    MotionLabel byLayers = byField == null ? translationByLayers(labels, e.layers()) : null;
    MotionLabel byParallax = byField != null ? byField : byLayers;
    if (byParallax != null) {
      // one zoom or tilt, and the field's parallax (ParallaxField) or a group's own expansion
      // (ExpandingLayers) says the camera translates
      boolean dolly = byParallax.kind() == Kind.DOLLY;
      int f = (dolly ? Family.SCALE : Family.VERTICAL).ordinal();
      FamilyCall rotation = calls.get(f);
      double pt =
          byLayers != null
              ? evidence(e.layers().strongest().significance(), ExpandingLayers.MIN_SIGNIFICANCE)
              : dolly
                  ? evidence(e.field().forward().value(), MIN_FORWARD_FIELD_EXCESS)
                  : evidence(e.field().sideways().value(), MIN_SIDEWAYS_FIELD_EXCESS);
      scores.put(rotation.label(), rotation.evidence() * (1 - pt) * quality);
      scores.put(byParallax, rotation.evidence() * pt * quality);
      calls.set(
          f,
          new FamilyCall(
              rotation.family(),
              rotation.rate(),
              rotation.threshold(),
              rotation.movePixels(),
              rotation.evidence(),
              true,
              byParallax,
              rotation.nestedShare()));
      labels.set(0, byParallax);
    }
    scores.put(MotionLabel.STATIC, (1 - maxEvidence) * quality);
    Reason reason = Reason.MOVING;
    if (labels.isEmpty()) {
      labels.add(MotionLabel.STATIC);
      reason = Reason.NO_SIGNIFICANT_MOTION;
    }
    double confidence = labels.stream().mapToDouble(scores::get).min().orElse(0);
    TranslationEvidence translation =
        byField != null
            ? TranslationEvidence.FIELD
            : byLayers != null
                ? TranslationEvidence.LAYERS
                : calls.stream().anyMatch(c -> c.active() && c.translates())
                    ? TranslationEvidence.GROUPS
                    : TranslationEvidence.NONE;
    return new Verdict(labels, scores, confidence, reason, calls, minMove, stillness, translation);
  }

  /**
   * The translation a verdict of one zoom or one tilt and nothing else is by its background's
   * parallax field ({@link #MIN_FORWARD_FIELD_EXCESS}, {@link #MIN_SIDEWAYS_FIELD_EXCESS}); null
   * when it is none.
   */
  static MotionLabel translationByField(List<MotionLabel> labels, ParallaxField field) {
    if (labels.size() != 1) {
      return null;
    }
    MotionLabel l = labels.get(0);
    return switch (l.kind()) {
      case ZOOM ->
          field.forward().reaches(MIN_FORWARD_FIELD_EXCESS)
              ? MotionLabel.of(Kind.DOLLY, l.direction())
              : null;
      case TILT ->
          field.sideways().reaches(MIN_SIDEWAYS_FIELD_EXCESS)
              ? MotionLabel.of(Kind.PEDESTAL, l.direction())
              : null;
      default -> null;
    };
  }

  /**
   * The dolly a verdict of one zoom and nothing else is when at least one group of tracks expands
   * about the background's focus of expansion as a depth layer does ({@link ExpandingLayers}); null
   * otherwise. Whatever the parallax test made of the groups: it weighs epipoles by the number of
   * tracks that agree, and walkers or cars with many tracks outvote a dolly's layers (the sideways
   * direction it then names is no family's motion), or its rules refuse the groups altogether; a
   * layer's own expansion is a test of one group that no walker's block motion passes.
   */
  static MotionLabel translationByLayers(List<MotionLabel> labels, ExpandingLayers layers) {
    if (labels.size() != 1 || labels.get(0).kind() != Kind.ZOOM || !layers.found()) {
      return null;
    }
    return MotionLabel.of(Kind.DOLLY, labels.get(0).direction());
  }

  /**
   * For each active family but the one with the largest move, the share of the tracks the full
   * similarity (translation, scale, roll about the centre) explains within the background's
   * tolerance that the similarity without this family's parameter explains ({@link
   * #MAX_NESTED_SHARE}); NaN for the others, and for all when fewer than two families are active.
   */
  static double[] nestedShares(
      BackgroundMotion b, WindowEvidence e, double[] evidence, double[] move) {
    double[] share = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    int dominant = -1;
    int active = 0;
    for (int f = 0; f < 4; f++) {
      if (evidence[f] >= 0.5) {
        active++;
        if (dominant < 0 || move[f] > move[dominant]) {
          dominant = f;
        }
      }
    }
    if (active < 2) {
      return share;
    }
    List<TrackMotion> tracks = b.baseline().tracks();
    double cx = (e.width() - 1) / 2.0;
    double cy = (e.height() - 1) / 2.0;
    boolean[] full = {true, true, true, true};
    int all = NestedMotion.support(tracks, cx, cy, full, b.tolerance());
    for (int f = 0; f < 4; f++) {
      if (f != dominant && evidence[f] >= 0.5) {
        boolean[] without = full.clone();
        without[f] = false;
        share[f] =
            NestedMotion.support(tracks, cx, cy, without, b.tolerance())
                / (double) Math.max(1, all);
      }
    }
    return share;
  }

  /**
   * The background's scale change over its anisotropic stretch ({@link #MIN_ZOOM_ISOTROPY}), both
   * read where the scale is read (the homography's symmetric point, else the centre).
   */
  static double isotropy(BackgroundMotion b, WindowEvidence e) {
    double cx = (e.width() - 1) / 2.0;
    double cy = (e.height() - 1) / 2.0;
    double[] at = b.homography().symmetricPoint(cx, cy);
    if (at == null) {
      at = new double[] {cx, cy};
    }
    double logScale = Math.abs(Math.log1p(b.scaleRate())) * b.baseline().seconds();
    return logScale / Math.max(1e-9, b.homography().anisotropy(at[0], at[1]));
  }

  /** 0.5 at the threshold, 0.98 at twice it. */
  static double evidence(double value, double threshold) {
    return logistic(4 * (value / threshold - 1));
  }

  static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
