package io.camreasoner.reasoner;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.MotionLabel.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link Measurement} into labels, per-label confidences and Observation-Thinking-Answer
 * text. The rules:
 *
 * <ol>
 *   <li>Too little texture or too few tracks: {@code static} with low confidence, saying why.
 *   <li>A family is active when its rate reaches its threshold: horizontal image translation
 *       (pan/truck), vertical (tilt/pedestal), scale (zoom/dolly), in-plane rotation (roll); a
 *       component much weaker than the dominant one (as image motion at the frame edge) is a
 *       by-product of fitting one model to a 3D scene and does not count. When a large share of
 *       tracks stays still (relative to those following the dominant motion) the camera is still,
 *       whatever moves in front of it. None active: {@code static}.
 *   <li>Translation or rotation: the camera translates when enough tracks (see {@link
 *       GeometryConfig#minParallaxShare()}) keep residual motion after the dominant model through
 *       one epipole or along the dominant flow, spread over the frame, and not all sharing one
 *       residual vector (that is one object moving on its own). Where the translation goes comes
 *       from the parallax: radial from an epipole near the image = forward/backward (the scale
 *       family is a dolly), parallel to one direction = sideways (the horizontal family is a truck,
 *       the vertical a pedestal, by that direction); other active families stay rotations or zoom,
 *       so combinations such as pan + dolly or tilt + truck are named. <b>Documented rule for flat
 *       or distant scenes:</b> without measurable parallax translation cannot be told from rotation
 *       geometrically, and the homography explanation (pan, tilt, zoom) is chosen, the simpler
 *       model in the sense of model-selection criteria such as GRIC; the thinking text says so.
 *   <li>Directions follow {@link MotionLabel}'s conventions (content moving left = pan/truck right,
 *       content moving down = tilt/pedestal up, content turning clockwise = roll-ccw, content
 *       expanding = zoom/dolly in).
 * </ol>
 *
 * Scores: each label's score is the evidence that its family moves (a logistic of the rate over its
 * threshold, 0.5 at the threshold) times the probability of the rotation-or-translation alternative
 * (a logistic of the parallax strength over its threshold) times a quality factor from track count,
 * texture and the share of tracks the model explains.
 */
final class MotionDecision {

  /** A component weaker than this share of the dominant image motion is not a camera motion. */
  static final double SECONDARY_SHARE = 0.25;

  /**
   * Parallax tracks must spread at least this far (RMS distance from their centroid, frame widths):
   * depth parallax shows all over the scene, a moving object is one compact patch.
   */
  static final double MIN_PARALLAX_SPREAD = 0.08;

  /**
   * Share of parallax tracks sharing one residual vector above which they are one moving object.
   */
  static final double MAX_COHERENCE = 0.95;

  /** The same while translating, where parallax inflates the by-products. */
  static final double SECONDARY_SHARE_TRANSLATING = 0.4;

  /** Epipole closer to the image centre than this (frame widths): forward or backward motion. */
  static final double FORWARD_EPIPOLE = 1.0;

  /** Epipole farther than this (frame widths): the translation has a sideways part. */
  static final double LATERAL_EPIPOLE = 0.6;

  /**
   * Still tracks, relative to the share supporting the dominant frame-to-frame motion, above which
   * the camera is still.
   */
  static final double STILL_SHARE = 0.3;

  /**
   * While the camera translates, a roll weaker than this share of the dominant motion is ignored.
   */
  static final double ROLL_SHARE_WHEN_TRANSLATING = 0.8;

  private final GeometryConfig config;

  MotionDecision(GeometryConfig config) {
    this.config = config;
  }

  ReasoningResult decide(Measurement m) {
    boolean trackable =
        m.textureScore() >= config.minTexture() && m.trackCount() >= config.minTracks();
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l, 0.0);
    }
    if (!trackable) {
      double q = 0.25 * Math.min(1, m.trackCount() / (double) config.minTracks());
      scores.put(MotionLabel.STATIC, q);
      String obs = observation(m);
      String think =
          String.format(
              Locale.ROOT,
              "Texture score %.2f (needs %.2f) and %d surviving tracks (needs %d): the window has"
                  + " too little trackable detail to measure camera motion. Reporting static with"
                  + " low confidence instead of guessing.",
              m.textureScore(),
              config.minTexture(),
              m.trackCount(),
              config.minTracks());
      return result(List.of(MotionLabel.STATIC), scores, q, m, obs, think);
    }

    double quality =
        0.4
            + 0.6
                * Math.min(
                    Math.min(1, m.trackCount() / 40.0),
                    Math.min(
                        m.textureScore() / (2 * config.minTexture()),
                        (m.homographyInlierShare() + m.parallaxShare()) / 0.5));
    quality = Math.min(1, quality);
    double eX = evidence(Math.abs(m.translationX()), config.minTranslationRate());
    double eY = evidence(Math.abs(m.translationY()), config.minTranslationRate());
    double eS = evidence(Math.abs(m.scaleRate()), config.minScaleRate());
    double eR = evidence(Math.abs(m.rollRate()), config.minRollRate());
    // Much of the scene standing still means a still camera, whatever moves in front of it (a big
    // moving object can outnumber the background's tracks in the similarity fits): compare the
    // still tracks with the support of the dominant motion.
    double stillness = m.stationaryShare() / Math.max(0.05, Math.min(1, m.pairInlierShare()));
    double still = logistic(10 * (stillness / STILL_SHARE - 1));
    // One rigid residual vector is an object moving on its own, not depth parallax.
    boolean spreadOk =
        m.parallaxSpread() >= MIN_PARALLAX_SPREAD && m.parallaxCoherence() < MAX_COHERENCE;
    // Strong parallax (large relative to the dominant motion) counts with a smaller share.
    double strength = m.parallaxShare() * Math.max(1, Math.min(3, m.parallaxRatio() / 0.15));
    double pTrans = logistic(5 * (strength / config.minParallaxShare() - 1));
    if (!spreadOk) {
      pTrans = Math.min(pTrans, 0.2);
    }
    boolean translates = pTrans >= 0.5;
    // Where the translation goes, from the epipole of the parallax: near the image = forward or
    // backward (dolly); far away or a direction = sideways along it (truck and/or pedestal).
    boolean forward = translates;
    boolean sideX = translates;
    boolean sideY = translates;
    double[] e = m.epipole();
    if (translates && e != null) {
      double dist = m.epipoleDistance();
      double ux = e[0];
      double uy = e[1];
      double u = Math.hypot(ux, uy);
      forward = dist < FORWARD_EPIPOLE;
      boolean lateral = dist > LATERAL_EPIPOLE && u > 0;
      sideX = lateral && Math.abs(ux) / u >= 0.35;
      sideY = lateral && Math.abs(uy) / u >= 0.35;
    }
    // Secondary components much weaker than the dominant one (as image motion at the frame edge)
    // are by-products of fitting one model to a 3D scene, not a second camera motion.
    double mX = Math.abs(m.translationX());
    double mY = Math.abs(m.translationY());
    double mS = Math.abs(m.scaleRate()) * 0.5;
    double mR = Math.toRadians(Math.abs(m.rollRate())) * 0.5;
    double dominant = Math.max(Math.max(mX, mY), Math.max(mS, mR));
    double share = translates ? SECONDARY_SHARE_TRANSLATING : SECONDARY_SHARE;
    if (dominant > 0) {
      eX *= Math.min(1, Math.pow(mX / (share * dominant), 4));
      eY *= Math.min(1, Math.pow(mY / (share * dominant), 4));
      eS *= Math.min(1, Math.pow(mS / (share * dominant), 4));
      eR *= Math.min(1, Math.pow(mR / (share * dominant), 4));
    }
    eX *= 1 - still;
    eY *= 1 - still;
    eS *= 1 - still;
    eR *= 1 - still;
    if (translates && dominant > 0) {
      // Parallax itself looks like in-plane rotation to a similarity fit (near things on one side
      // move faster), so while translating a roll must be nearly the dominant motion to count.
      eR *= Math.min(1, Math.pow(mR / (ROLL_SHARE_WHEN_TRANSLATING * dominant), 4));
      if (!forward) {
        // Sideways parallax also bends the fitted scale; a real zoom on top must be strong.
        eS *= Math.min(1, Math.pow(mS / (ROLL_SHARE_WHEN_TRANSLATING * dominant), 4));
      }
    }

    int dirX = m.translationX() > 0 ? -1 : +1;
    int dirY = m.translationY() > 0 ? +1 : -1;
    int dirS = m.scaleRate() > 0 ? +1 : -1;
    int dirR = m.rollRate() > 0 ? -1 : +1;
    put(
        scores,
        Kind.PAN,
        Kind.TRUCK,
        dirX,
        eX,
        familyTranslation(pTrans, translates, sideX),
        quality);
    put(
        scores,
        Kind.TILT,
        Kind.PEDESTAL,
        dirY,
        eY,
        familyTranslation(pTrans, translates, sideY),
        quality);
    put(
        scores,
        Kind.ZOOM,
        Kind.DOLLY,
        dirS,
        eS,
        familyTranslation(pTrans, translates, forward),
        quality);
    scores.put(MotionLabel.of(Kind.ROLL, dirR), eR * quality);
    double maxE = Math.max(Math.max(eX, eY), Math.max(eS, eR));
    scores.put(MotionLabel.STATIC, (1 - maxE) * quality);

    List<MotionLabel> labels = new ArrayList<>();
    if (eX >= 0.5) {
      labels.add(MotionLabel.of(sideX ? Kind.TRUCK : Kind.PAN, dirX));
    }
    if (eY >= 0.5) {
      labels.add(MotionLabel.of(sideY ? Kind.PEDESTAL : Kind.TILT, dirY));
    }
    if (eS >= 0.5) {
      labels.add(MotionLabel.of(forward ? Kind.DOLLY : Kind.ZOOM, dirS));
    }
    if (eR >= 0.5) {
      labels.add(MotionLabel.of(Kind.ROLL, dirR));
    }
    if (labels.isEmpty()) {
      labels.add(MotionLabel.STATIC);
    }
    double confidence = labels.stream().mapToDouble(scores::get).min().orElse(0);
    String think = thinking(m, labels, translates, spreadOk);
    return result(labels, scores, confidence, m, observation(m), think);
  }

  private static void put(
      Map<MotionLabel, Double> scores,
      Kind rotation,
      Kind translation,
      int dir,
      double evidence,
      double pTrans,
      double quality) {
    scores.put(MotionLabel.of(rotation, dir), evidence * (1 - pTrans) * quality);
    scores.put(MotionLabel.of(translation, dir), evidence * pTrans * quality);
  }

  private ReasoningResult result(
      List<MotionLabel> labels,
      Map<MotionLabel, Double> scores,
      double confidence,
      Measurement m,
      String observation,
      String thinking) {
    Map<String, Double> extra = new LinkedHashMap<>();
    extra.put("parallaxShare", m.parallaxShare());
    extra.put("stationaryShare", m.stationaryShare());
    extra.put("parallaxCoherence", m.parallaxCoherence());
    extra.put("epipoleDistance", Math.min(1e6, m.epipoleDistance()));
    extra.put("parallaxSpread", m.parallaxSpread());
    extra.put("movingSpread", m.movingSpread());
    extra.put("pairInlierShare", m.pairInlierShare());
    extra.put("baselineSeconds", m.baselineSeconds());
    extra.put("windowSeconds", m.seconds());
    MotionCues cues =
        new MotionCues(
            m.translationX(),
            m.translationY(),
            m.scaleRate(),
            m.rollRate(),
            m.residualParallax(),
            m.parallaxRatio(),
            m.foeX(),
            m.foeY(),
            m.homographyInlierShare(),
            m.movingShare(),
            m.trackCount(),
            m.textureScore(),
            extra);
    String answer = labels.stream().map(MotionLabel::label).collect(Collectors.joining(", "));
    return new ReasoningResult(labels, scores, confidence, cues, observation, thinking, answer);
  }

  private static String observation(Measurement m) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%d frames over %.2f s; %d feature tracks survived the forward-backward check between"
                + " frames %d and %d (texture score %.2f). ",
            m.frames(),
            m.seconds(),
            m.trackCount(),
            m.baselineFrom(),
            m.baselineTo(),
            m.textureScore()));
    s.append(
        String.format(
            Locale.ROOT,
            "The background moves %.3f frame-widths/s %s and %.3f frame-widths/s %s; scale"
                + " changes %+.1f %%/s; content rotates %.1f °/s %s.",
            Math.abs(m.translationX()),
            m.translationX() >= 0 ? "right" : "left",
            Math.abs(m.translationY()),
            m.translationY() >= 0 ? "down" : "up",
            100 * m.scaleRate(),
            Math.abs(m.rollRate()),
            m.rollRate() >= 0 ? "clockwise" : "counter-clockwise"));
    if (m.foeX() != null) {
      s.append(
          String.format(
              Locale.ROOT,
              " The %s is at (%.2f, %.2f) of the frame.",
              m.scaleRate() >= 0 ? "focus of expansion" : "focus of contraction",
              m.foeX(),
              m.foeY()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            " After removing the best homography %.0f %% of tracks fit it, %.0f %% keep residual"
                + " motion along the dominant flow (median %.2f px, %.2f of the dominant motion),"
                + " and %.0f %% move in other directions.",
            100 * m.homographyInlierShare(),
            100 * m.parallaxShare(),
            m.residualParallaxPixels(),
            m.parallaxRatio(),
            100 * m.movingShare()));
    return s.toString();
  }

  private String thinking(
      Measurement m, List<MotionLabel> labels, boolean translates, boolean spreadOk) {
    StringBuilder s = new StringBuilder();
    if (labels.equals(List.of(MotionLabel.STATIC))) {
      s.append(
          String.format(
              Locale.ROOT,
              "Translation %.3f frame-widths/s (threshold %.3f), scale %.1f %%/s (threshold %.1f),"
                  + " rotation %.1f °/s (threshold %.1f): the background does not move, so the"
                  + " camera is static.",
              m.translationRate(),
              config.minTranslationRate(),
              100 * Math.abs(m.scaleRate()),
              100 * config.minScaleRate(),
              Math.abs(m.rollRate()),
              config.minRollRate()));
      if (m.stationaryShare() >= 0.1) {
        s.append(
            String.format(
                Locale.ROOT,
                " %.0f %% of tracks stay still over the window, which no camera motion allows.",
                100 * m.stationaryShare()));
      }
      if (m.movingShare() + m.parallaxShare() > 0.02) {
        s.append(
            String.format(
                Locale.ROOT,
                " The %.0f %% of tracks that move on their own (spread %.2f frame-widths) are"
                    + " objects moving in front of a still camera, not camera motion.",
                100 * (m.movingShare() + m.parallaxShare()),
                m.movingSpread()));
      }
      return s.toString();
    }
    String parallax =
        String.format(
            Locale.ROOT,
            "%.0f %% of tracks keep parallax along the dominant flow (threshold %.0f %%), spread"
                + " %.2f frame-widths",
            100 * m.parallaxShare(),
            100 * config.minParallaxShare(),
            m.parallaxSpread());
    if (translates) {
      s.append(parallax)
          .append(
              ": near and far points move differently, which no camera rotation or zoom can do"
                  + " (those move every depth by one homography), so the camera translates. ");
    } else if (m.parallaxShare() >= config.minParallaxShare() && !spreadOk) {
      s.append(parallax)
          .append(
              ", but they sit in one compact region or all share one residual vector, like"
                  + " an object moving on its own rather than depth parallax; one homography"
                  + " explains the rest of the scene, so the camera rotates or zooms. ");
    } else {
      s.append(parallax)
          .append(
              String.format(
                  Locale.ROOT,
                  ": one homography explains all depths within %.1f px, so the camera rotates or"
                      + " zooms rather than translating. If the scene is flat or distant, rotation"
                      + " and translation cannot be told apart geometrically; by rule the"
                      + " homography explanation (pan, tilt, zoom) is chosen. ",
                  m.parallaxThresholdPixels()));
    }
    for (MotionLabel l : labels) {
      s.append(reasonFor(m, l)).append(' ');
    }
    if (m.movingShare() > 0.05) {
      s.append(
          String.format(
              Locale.ROOT,
              "%.0f %% of tracks move against the dominant flow: moving objects, ignored. ",
              100 * m.movingShare()));
    }
    return s.toString().trim();
  }

  private String reasonFor(Measurement m, MotionLabel l) {
    String notThis =
        switch (l.kind()) {
          case PAN -> "truck-" + side(l) + " would need parallax";
          case TRUCK -> "pan-" + side(l) + " would show none";
          case TILT -> "pedestal-" + vertical(l) + " would need parallax";
          case PEDESTAL -> "tilt-" + vertical(l) + " would show none";
          case ZOOM -> "dolly-" + inOut(l) + " would need parallax around the focus of expansion";
          case DOLLY -> "zoom-" + inOut(l) + " would scale every depth alike";
          default -> "";
        };
    return switch (l.kind()) {
      case PAN, TRUCK ->
          String.format(
              Locale.ROOT,
              "Content slides %s at %.3f frame-widths/s (threshold %.3f) → %s (%s).",
              m.translationX() > 0 ? "right" : "left",
              Math.abs(m.translationX()),
              config.minTranslationRate(),
              l.label(),
              notThis);
      case TILT, PEDESTAL ->
          String.format(
              Locale.ROOT,
              "Content slides %s at %.3f frame-widths/s (threshold %.3f) → %s (%s).",
              m.translationY() > 0 ? "down" : "up",
              Math.abs(m.translationY()),
              config.minTranslationRate(),
              l.label(),
              notThis);
      case ZOOM, DOLLY ->
          String.format(
              Locale.ROOT,
              "Content %s at %.1f %%/s (threshold %.1f) → %s (%s).",
              m.scaleRate() > 0 ? "expands" : "contracts",
              100 * Math.abs(m.scaleRate()),
              100 * config.minScaleRate(),
              l.label(),
              notThis);
      case ROLL ->
          String.format(
              Locale.ROOT,
              "Content turns %s at %.1f °/s about the centre (threshold %.1f) → %s.",
              m.rollRate() > 0 ? "clockwise" : "counter-clockwise",
              Math.abs(m.rollRate()),
              config.minRollRate(),
              l.label());
      default -> "";
    };
  }

  private static String side(MotionLabel l) {
    return l.direction() > 0 ? "right" : "left";
  }

  private static String vertical(MotionLabel l) {
    return l.direction() > 0 ? "up" : "down";
  }

  private static String inOut(MotionLabel l) {
    return l.direction() > 0 ? "in" : "out";
  }

  /** Probability that a family's motion is a translation, given where the translation goes. */
  private static double familyTranslation(double pTrans, boolean translates, boolean alongFamily) {
    return translates && !alongFamily ? 1 - pTrans : pTrans;
  }

  static double evidence(double value, double threshold) {
    return logistic(4 * (value / threshold - 1));
  }

  static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
