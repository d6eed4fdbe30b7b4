package io.camreasoner.reasoner;

import io.camreasoner.reasoner.MotionDecision.FamilyCall;
import io.camreasoner.reasoner.MotionDecision.Verdict;
import io.camreasoner.schemas.MotionLabel;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Step 6 of the reasoner: the Observation-Thinking-Answer text of a decision, in plain words with
 * the numbers it rests on: the background's motion and the size of the move, the groups that moved
 * on their own and their share of the frame, and the parallax test (coherence, epipole, run with
 * the flow). The only place the reasoner's English lives; it decides nothing.
 */
final class Explanation {

  private final GeometryConfig config;

  Explanation(GeometryConfig config) {
    this.config = config;
  }

  String observation(WindowEvidence e) {
    BackgroundMotion b = e.background();
    ParallaxEvidence p = e.parallax();
    StringBuilder s = new StringBuilder();
    s.append(
        f(
            "%d frames over %.2f s; %d feature tracks survived the forward-backward check between"
                + " frames %d and %d (%.2f s, texture score %.2f).",
            e.frames(),
            e.seconds(),
            e.trackCount(),
            b.baseline().from(),
            b.baseline().to(),
            b.baseline().seconds(),
            e.textureScore()));
    s.append(
        f(
            " The background (%.0f %% of tracks, one homography fitted robustly over that span)"
                + " moves %.3f frame-widths/s %s and %.3f frame-widths/s %s; scale changes %+.1f"
                + " %%/s; content rotates %.1f °/s %s: a move of %.1f px at the frame edge"
                + " (tracking noise %.2f px).",
            100 * b.inlierShare(),
            Math.abs(b.translationX()),
            b.translationX() >= 0 ? "right" : "left",
            Math.abs(b.translationY()),
            b.translationY() >= 0 ? "down" : "up",
            100 * b.scaleRate(),
            Math.abs(b.rollRate()),
            b.rollRate() >= 0 ? "clockwise" : "counter-clockwise",
            b.edgeDisplacement(),
            b.noisePixels()));
    s.append(f(" %.0f %% of tracks did not move at all.", 100 * b.stillSupport()));
    s.append(
        f(
            " The camera path jitters %.4f frame-widths between frames (%s).",
            b.shake(), Steadiness.of(b.shake()).label()));
    if (e.groups().isEmpty()) {
      s.append(" No group of tracks leaves the background's motion.");
    } else {
      s.append(
          f(
              " %d group(s) of tracks leave it (%.0f %% of tracks): %d consistent with one"
                  + " camera translation (parallax coherence %.2f, %.0f %% running with the"
                  + " background's flow, spread %.2f frame-widths, median residual %.1f px, %.2f"
                  + " of the background's motion), %d moving on their own over %.0f %% of the"
                  + " frame.",
              e.groups().size(),
              100.0 * tracks(e.groups()) / Math.max(1, e.trackCount()),
              p.parallaxGroups().size(),
              p.coherence(),
              100 * p.withFlow(),
              p.spread(),
              p.medianResidualPixels(),
              p.parallaxRatio(),
              p.independentGroups().size(),
              100 * e.moverShare()));
    }
    return s.toString();
  }

  String thinking(WindowEvidence e, Verdict v) {
    BackgroundMotion b = e.background();
    StringBuilder s = new StringBuilder();
    switch (v.reason()) {
      case UNTRACKABLE -> {
        return f(
            "Texture score %.2f (needs %.2f) and %d surviving tracks (needs %d): the window has"
                + " too little trackable detail to measure camera motion. Reporting static with"
                + " low confidence instead of guessing.",
            e.textureScore(), config.minTexture(), e.trackCount(), config.minTracks());
      }
      case STILL_BACKGROUND -> {
        s.append(
            f(
                "Standing still explains %.0f %% of tracks, %.2f times as many as the best"
                    + " fitted motion (needs %.2f): the background does not move, so the camera is"
                    + " static.",
                100 * b.stillSupport(), v.stillness(), MotionDecision.STILL_VS_MOVING));
        movers(e, s);
        return s.toString();
      }
      case NO_SIGNIFICANT_MOTION -> {
        s.append(
            f(
                "The background moves %.1f px at the frame edge over %.2f s; a camera move must"
                    + " reach %.1f px (and translation %.3f frame-widths/s, scale %.1f %%/s,"
                    + " rotation %.1f °/s): the camera is static.",
                b.edgeDisplacement(),
                b.baseline().seconds(),
                v.minMovePixels(),
                config.minTranslationRate(),
                100 * config.minScaleRate(),
                config.minRollRate()));
        movers(e, s);
        return s.toString();
      }
      default -> {}
    }
    ParallaxEvidence p = e.parallax();
    boolean byLayers = v.translation() == MotionDecision.TranslationEvidence.LAYERS;
    if (p.translates()) {
      s.append(
          f(
              "%.0f %% of tracks (parallax coherence %.2f of those leaving the background, needs"
                  + " %.2f; spread %.2f frame-widths) move off the background along lines through"
                  + " one %s, nearer and farther surfaces either way, by amounts that vary with depth"
                  + " (%.0f %% share"
                  + " one residual): near and far surfaces move differently, which no rotation or"
                  + " zoom can do, so the camera translates. ",
              100 * p.parallaxShare(),
              p.coherence(),
              ParallaxTest.MIN_COHERENCE,
              p.spread(),
              Double.isInfinite(p.epipoleDistance())
                  ? "direction"
                  : f("epipole %.2f frame-widths from the centre", p.epipoleDistance()),
              100 * p.sameVector()));
      if (!p.independentGroups().isEmpty()) {
        s.append(
            f(
                "%d group(s) over %.0f %% of the frame move on their own and are left out. ",
                p.independentGroups().size(), 100 * e.moverShare()));
      }
      if (byLayers) {
        s.append("That translation's direction names no active family, but ")
            .append(expandingLayers(e));
      }
    } else if (byLayers) {
      s.append("The groups leaving the background are not one translation's parallax, but ")
          .append(expandingLayers(e));
    } else if (v.translation() == MotionDecision.TranslationEvidence.FIELD) {
      s.append(fieldParallax(e, v));
    } else if (p.rotationKeystone()) {
      RotationKeystone k = RotationKeystone.of(b, e.width(), e.height());
      boolean horizontal = Math.abs(p.epipole()[0]) >= Math.abs(p.epipole()[1]);
      s.append(
          f(
              "%.0f %% of tracks move off the background along one direction (parallax coherence"
                  + " %.2f), but the background's homography carries the keystone of a %s (its"
                  + " edges move %.1f px more than its centre, as a %.0f° lens turning would make"
                  + " them; a sideways translation leaves none on any plane): the camera turns, and"
                  + " the %d group(s) leaving the background are objects moving on their own over"
                  + " %.0f %% of the frame. ",
              100 * p.parallaxShare(),
              p.coherence(),
              horizontal ? "pan" : "tilt",
              horizontal ? k.horizontalPixels() : k.verticalPixels(),
              horizontal ? k.horizontalFov() : k.verticalFov(),
              e.groups().size(),
              100 * MoverSeparator.frameShare(e.groups(), e.width(), e.height())));
    } else if (p.againstShare() >= ParallaxTest.MAX_AGAINST_TRANSLATION) {
      s.append(
          f(
              "%.0f %% of tracks move off the background along lines through one epipole %.2f"
                  + " frame-widths from the centre, but %.0f %% of them move %s it while the"
                  + " background %s (a translation moves no still point that way): the %d"
                  + " group(s) leaving the background are objects moving on their own over %.0f %%"
                  + " of the frame. ",
              100 * p.parallaxShare(),
              p.epipoleDistance(),
              100 * p.againstShare(),
              b.scaleRate() > 0 ? "towards" : "away from",
              b.scaleRate() > 0 ? "expands" : "contracts",
              e.groups().size(),
              100 * MoverSeparator.frameShare(e.groups(), e.width(), e.height())));
    } else if (p.axisAgreement() < ParallaxTest.MIN_AXIS_AGREEMENT) {
      s.append(
          f(
              "%.0f %% of tracks move off the background along one direction (parallax coherence"
                  + " %.2f), but the background itself does not move that way (%.2f of what a"
                  + " translation along it would give, needs %.2f; a translation carries every"
                  + " surface along its direction): the %d group(s) leaving the background are"
                  + " objects moving on their own over %.0f %% of the frame. ",
              100 * p.parallaxShare(),
              p.coherence(),
              p.axisAgreement(),
              ParallaxTest.MIN_AXIS_AGREEMENT,
              e.groups().size(),
              100 * MoverSeparator.frameShare(e.groups(), e.width(), e.height())));
    } else if (!e.groups().isEmpty()) {
      s.append(
          f(
              "The %d group(s) leaving the background are not one translation's parallax (parallax"
                  + " coherence %.2f, needs %.2f; %.0f %% of tracks agree with one epipole, needs"
                  + " %.0f %%, or %.1f %% for an epipole at the background's focus of expansion;"
                  + " spread %.2f frame-widths, needs %.2f; %.0f %% share one residual, at most %.0f"
                  + " %% unless it runs with the background's flow; %.2f of the background's"
                  + " motion, at most %.0f): they are objects moving on their own over %.0f %% of"
                  + " the frame, and one homography explains the rest of the scene, so the camera"
                  + " rotates or zooms. ",
              e.groups().size(),
              p.coherence(),
              ParallaxTest.MIN_COHERENCE,
              100 * p.parallaxShare(),
              100 * config.minParallaxShare(),
              100 * config.minParallaxShare() * ParallaxTest.CORROBORATED_SHARE,
              p.spread(),
              ParallaxTest.MIN_SPREAD,
              100 * p.sameVector(),
              100 * ParallaxTest.MAX_SAME_VECTOR,
              p.parallaxRatio(),
              ParallaxTest.MAX_PARALLAX_RATIO,
              100 * e.moverShare()));
    } else {
      s.append(
          f(
              "One homography explains every track within %.1f px: no parallax, so the camera"
                  + " rotates or zooms. If the scene is flat or distant, rotation and translation"
                  + " cannot be told apart geometrically; by rule the homography explanation (pan,"
                  + " tilt, zoom) is chosen. ",
              b.tolerance()));
    }
    for (FamilyCall c : v.families()) {
      if (c.active()) {
        s.append(reason(e, c)).append(' ');
      } else if (c.notNeeded()) {
        s.append(notNeeded(c)).append(' ');
      }
    }
    if (v.translation() == MotionDecision.TranslationEvidence.NONE && p.translates()) {
      s.append("The translation's direction names no active family. ");
    }
    return s.toString().trim();
  }

  /** Why a zoom or tilt alone is a dolly or pedestal by the background's {@link ParallaxField}. */
  private static String fieldParallax(WindowEvidence e, Verdict v) {
    ParallaxField field = e.field();
    boolean dolly = v.labels().get(0).kind() == MotionLabel.Kind.DOLLY;
    ParallaxField.Excess x = dolly ? field.forward() : field.sideways();
    BackgroundMotion b = e.background();
    return f(
        "No group of tracks leaves the background clearly enough to be a translation's parallax,"
            + " but the residuals of %d background tracks run %s and neighbouring tracks share"
            + " them: what neighbours share along %s exceeds what they share across it by %.2f"
            + " times the energy of the residuals across it (needs %.2f). Surfaces at different"
            + " depths %s, which no %s can do, so the camera moves %s. ",
        x.tracks(),
        dolly
            ? f(
                "along the radius from the focus of expansion (%.0f, %.0f px)",
                field.focusX(), field.focusY())
            : "along the background's motion",
        dolly ? "the radius" : "that motion",
        x.value(),
        dolly ? MotionDecision.MIN_FORWARD_FIELD_EXCESS : MotionDecision.MIN_SIDEWAYS_FIELD_EXCESS,
        dolly ? "scale at different rates" : "slide at different speeds",
        dolly ? "zoom" : "tilt",
        dolly ? (b.scaleRate() > 0 ? "forward" : "back") : (b.translationY() > 0 ? "up" : "down"));
  }

  /**
   * Why a zoom alone is a dolly by a group's own expansion about the focus ({@link
   * ExpandingLayers}); follows a clause ending in "but ".
   */
  private static String expandingLayers(WindowEvidence e) {
    ExpandingLayers layers = e.layers();
    ExpandingLayers.Layer l = layers.strongest();
    MotionGroup g = l.group();
    boolean forward = e.background().scaleRate() > 0;
    return f(
        "the group of %d tracks at (%.0f, %.0f) px moves %s the focus of expansion (%.0f, %.0f)"
            + " px, off the background by %.1f px, and its residuals grow across it by %.1f %% of"
            + " the distance between its tracks (%.1f standard errors, needs %.1f): %.2f times what"
            + " its offset from the focus predicts for a surface at another depth (needs %.1f to"
            + " %.1f, and within %.0f standard errors and %.0f %% of it)%s. An object moving on its"
            + " own keeps one residual over its whole body, and a zoom scales near and far alike:"
            + " surfaces at different depths scale at different rates, so the camera moves %s. ",
        g.size(),
        g.x(),
        g.y(),
        l.cosine() > 0 ? "away from" : "towards",
        layers.focusX(),
        layers.focusY(),
        g.residual(),
        100 * l.divergence(),
        l.significance(),
        ExpandingLayers.MIN_SIGNIFICANCE,
        l.ratio(),
        ExpandingLayers.MIN_RATIO,
        ExpandingLayers.MAX_RATIO,
        ExpandingLayers.AGREEMENT_ERRORS,
        100 * ExpandingLayers.AGREEMENT_SHARE,
        layers.layers().size() > 1
            ? f(" (%d groups scale so, of %d measured)", layers.layers().size(), layers.groups())
            : "",
        forward ? "forward" : "back");
  }

  /** The speed and size of the move, in the units a person reads. */
  String speed(MotionSpeed m) {
    StringBuilder s = new StringBuilder("Speed:");
    if (m.panRate() != 0) {
      s.append(f(" pan %.1f °/s %s;", Math.abs(m.panRate()), m.panRate() > 0 ? "right" : "left"));
    }
    if (m.tiltRate() != 0) {
      s.append(f(" tilt %.1f °/s %s;", Math.abs(m.tiltRate()), m.tiltRate() > 0 ? "up" : "down"));
    }
    if (m.rollRate() != 0) {
      s.append(f(" roll %.1f °/s;", Math.abs(m.rollRate())));
    }
    if (m.zoomFactor() != 1) {
      s.append(f(" zoom x%.3f per second;", m.zoomFactor()));
    }
    if (m.translationSpeed() != 0) {
      s.append(
          f(
              " translation at a relative image speed of %.3f frame-widths/s;",
              m.translationSpeed()));
    }
    if (s.length() == "Speed:".length()) {
      return "";
    }
    s.setLength(s.length() - 1);
    return s.append(
            f(
                " (degrees assume a %.0f° field of view).",
                GeometryConfig.ASSUMED_HORIZONTAL_FOV_DEGREES))
        .toString();
  }

  String answer(Verdict v) {
    return v.labels().stream().map(MotionLabel::label).collect(Collectors.joining(", "));
  }

  private static void movers(WindowEvidence e, StringBuilder s) {
    if (!e.groups().isEmpty()) {
      s.append(
          f(
              " The %d group(s) that move on their own (%.0f %% of the frame) are objects in front"
                  + " of a still camera, not camera motion.",
              e.groups().size(),
              100 * MoverSeparator.frameShare(e.groups(), e.width(), e.height())));
    }
  }

  private static String reason(WindowEvidence e, FamilyCall c) {
    BackgroundMotion b = e.background();
    MotionLabel l = c.label();
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
    String size = f("a %.1f px move at the edge", c.movePixels());
    return switch (l.kind()) {
      case PAN, TRUCK ->
          f(
              "Content slides %s at %.3f frame-widths/s (threshold %.3f), %s → %s (%s).",
              b.translationX() > 0 ? "right" : "left",
              c.rate(),
              c.threshold(),
              size,
              l.label(),
              notThis);
      case TILT, PEDESTAL ->
          f(
              "Content slides %s at %.3f frame-widths/s (threshold %.3f), %s → %s (%s).",
              b.translationY() > 0 ? "down" : "up",
              c.rate(),
              c.threshold(),
              size,
              l.label(),
              notThis);
      case ZOOM, DOLLY ->
          f(
              "Content %s at %.1f %%/s (threshold %.1f), %s → %s (%s).",
              b.scaleRate() > 0 ? "expands" : "contracts",
              100 * c.rate(),
              100 * c.threshold(),
              size,
              l.label(),
              notThis);
      case ROLL ->
          f(
              "Content turns %s at %.1f °/s about the centre (threshold %.1f), %s → %s.",
              b.rollRate() > 0 ? "clockwise" : "counter-clockwise",
              c.rate(),
              c.threshold(),
              size,
              l.label());
      default -> "";
    };
  }

  /** Why a secondary component the background's fit carries is no camera motion. */
  private static String notNeeded(FamilyCall c) {
    String what =
        switch (c.family()) {
          case HORIZONTAL -> "a sideways slide";
          case VERTICAL -> "a vertical slide";
          case SCALE -> "a scale change";
          case ROLL -> "a turn";
        };
    return f(
        "The background's fit also carries %s (a %.1f px move at the edge), but its tracks do not"
            + " need it: the background's motion without it still explains %.0f %% of the tracks"
            + " it explains with it (at most %.0f %% for a camera motion), so it is a by-product of"
            + " movers or depth bending the fit, not %s.",
        what,
        c.movePixels(),
        100 * c.nestedShare(),
        100 * MotionDecision.MAX_NESTED_SHARE,
        c.label().label());
  }

  private static int tracks(List<MotionGroup> groups) {
    return groups.stream().mapToInt(MotionGroup::size).sum();
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

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
