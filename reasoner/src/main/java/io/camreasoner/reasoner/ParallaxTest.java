package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.eigen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Step 4 of the reasoner: are the tracks that leave the background's motion the parallax of one
 * camera translation? A translation moves every surface off the background's homography along a
 * line through one epipole (the focus of expansion; a direction for a sideways move), one way for
 * surfaces nearer than the background's plane and the other way for farther ones, by an amount that
 * grows with the difference of inverse depths, and it does so all over the scene. Walkers, cars and
 * crowds do not: each goes its own way, and each moves as one rigid block. So the test
 *
 * <ol>
 *   <li>finds the epipole that most off-background tracks agree with ({@link #MAX_ANGLE_DEGREES}),
 *       by RANSAC over the tracks (an epipole from two tracks, or a direction from one) and a
 *       least-squares refinement, so movers do not drag it; an epipole near the image counts only
 *       where the background's own focus of expansion is ({@link #FOE_AGREEMENT}), since two
 *       walkers' paths always cross somewhere, or, while the background's keystone says the camera
 *       also turns, where the rotation carries it ({@link #turnsTheEpipole}); when RANSAC's forward
 *       epipole is neither, the background's focus of expansion itself is the forward hypothesis if
 *       it explains more tracks than the best sideways direction, movers' rigid blocks counted for
 *       neither ({@link #focusOfExpansionWins});
 *   <li>calls a group ({@link MotionGroup}) an independent mover when most of its tracks disagree;
 *   <li>accepts a translation when the agreeing tracks are enough of all tracks ({@link
 *       GeometryConfig#minParallaxShare()}), most of the off-background ones ({@link
 *       #MIN_COHERENCE}), spread over the frame ({@link #MIN_SPREAD}), not one rigid block sharing
 *       one residual ({@link #MAX_SAME_VECTOR}) unless that block runs with the background's flow
 *       ({@link #RIGID_LAYER_WITH_FLOW}), and of a size depth can explain ({@link
 *       #MAX_PARALLAX_RATIO}); a forward epipole the focus of expansion confirms needs a smaller
 *       share ({@link #CORROBORATED_SHARE}); a sideways translation is refused when the
 *       background's homography carries the keystone of a pan or tilt ({@link RotationKeystone}),
 *       which no translation gives, or when the background does not move along it ({@link
 *       #MIN_AXIS_AGREEMENT}), as every surface a translation passes does; a forward one is refused
 *       when nearly all agreeing tracks move against it ({@link #MAX_AGAINST_TRANSLATION}), as no
 *       static point does;
 *   <li>when the agreeing groups run across the background's motion, takes them for movers and runs
 *       the test again on the other groups, so walkers crossing a truck that outnumber its layers
 *       do not hide its parallax (a sideways answer only).
 * </ol>
 */
final class ParallaxTest {

  /** A residual within this angle of the line to the epipole points through it (either way). */
  static final double MAX_ANGLE_DEGREES = 20;

  /**
   * Depth parallax shows over the scene: agreeing tracks spread at least this far (widths, RMS).
   * One walker or car spreads 0.02-0.04; the translations of the tuning seeds 1-3 spread 0.06 and
   * more once the background fit is tight.
   */
  static final double MIN_SPREAD = 0.05;

  /**
   * Share of the off-background tracks that must agree with the epipole: a translation moves every
   * surface consistently, walkers going their own ways spoil it. Chosen on development seed 1000
   * (movers covering up to 40 % leave about half the off-background tracks to parallax).
   */
  static final double MIN_COHERENCE = 0.5;

  /**
   * Share of agreeing tracks sharing one residual vector (within 20 %) above which they are one
   * rigid block. Depth parallax varies with depth, but one surface at another depth than the
   * homography's (often the background itself, when near surfaces carry most tracks) is a rigid
   * block too, so only a near-perfect block is refused: on development seed 1000, 0.8 refused a
   * fifth of the trucks and pedestals and no more pans than 0.97. A forward layer is refused so
   * only when its own parallax would vary visibly across it ({@link #layerSameVectorShare}): a slow
   * dolly's layer moves less than two pixels off the background, within the tolerance, and reads as
   * one block whatever it is (bench seed 7001, slow dolly-out).
   */
  static final double MAX_SAME_VECTOR = 0.97;

  /**
   * A rigid block (above {@link #MAX_SAME_VECTOR}) still counts as a nearer layer when this share
   * of its tracks runs with the background's own flow: a truck moves a near layer further the way
   * the background goes (tuning seed 102), while walkers going their own ways run against or across
   * it (0-0.6 on the tuning seeds).
   */
  static final double RIGID_LAYER_WITH_FLOW = 0.95;

  /**
   * Agreeing tracks' residual at most this many times the background's own motion there (median): a
   * surface at a fifth of the background's depth moves 4 times more, at a sixth 5 times. Walkers
   * seen through a slow pan or near the centre of a zoom move many times more than the background
   * does there. 4 refused a slow truck whose near layer moved 4.35 times the background (bench seed
   * 7001) and the 4.2-4.3 of cards at a fifth of the background's depth (tuning seeds 134-135); at
   * 5 no other window of bench seeds 1000 and 7001-7003 changes label.
   */
  static final double MAX_PARALLAX_RATIO = 5;

  /**
   * Only residuals this many times the separation threshold count as evidence for or against a
   * translation: just above the threshold, tracking noise points anywhere and agrees with any
   * epipole by chance.
   */
  static final double CLEAR_RESIDUAL = 2;

  /**
   * Groups with fewer agreeing tracks than this share of their clear ones (residual at least {@link
   * #CLEAR_RESIDUAL} times the separation) move on their own. A group's other tracks, nearer the
   * background, are evidence neither way: a layer's parallax shrinks towards the epipole and for
   * depths near the background's. Counted against the group (its size as the denominator), the
   * layers of a dolly-out and of a truck of development seed 1001 (17 of 39 and 12 of 26 members
   * agreeing; 19 and 12 of them clear) and of a truck of 1002 (3 of 12 and 2 of 8, all clear) were
   * taken for movers.
   */
  static final double MOVER_AGREEMENT = 0.5;

  /**
   * ... and at least this many of its clear tracks must agree: one track's residual agrees with
   * some epipole by chance. With one enough, two-track groups with one track agreeing made a
   * real-footage pan of development seed 1001 a truck, and (clear tracks as the denominator) a
   * group of 7 with one of its 2 clear tracks agreeing made a movers zoom-in of 1000 a dolly.
   */
  static final int MIN_GROUP_AGREEING = 2;

  /**
   * When sideways and forward epipoles explain the tracks about equally, the larger image motion
   * decides: its weight for the hypothesis the background's motion favours.
   */
  static final double FORWARD_PREFERENCE = 1.5;

  /** An epipole nearer than this to the centre (frame widths) is a forward/backward translation. */
  static final double NEAR_EPIPOLE = 1.0;

  /**
   * A forward epipole and the background's focus of expansion agree within this distance (frame
   * widths; measured as the epipole's displacement under the background's homography over its
   * expansion, see {@link #foeGap}): the epipole is measured to a few hundredths on the tuning
   * seeds' dollies, but the background's fixed point wanders by up to 0.36 when the tight fit rests
   * on one layer near a corner (seed 3 dolly-out); the crossing of two walkers' paths under a pan
   * lands 0.6 away.
   */
  static final double FOE_AGREEMENT = 0.4;

  /**
   * A forward epipole that the background's own expansion corroborates needs only this share of
   * {@link GeometryConfig#minParallaxShare()}: near the focus of expansion parallax is small and
   * few tracks show it clearly (dollies of the tuning seeds 1-3 show 4-6 % of tracks).
   */
  static final double CORROBORATED_SHARE = 0.45;

  /**
   * A sideways translation moves every static surface along its direction, the background's plane
   * too: on each axis the direction names (a component of at least {@link
   * MotionDecision#LATERAL_COMPONENT}, the axes whose families it would call truck or pedestal) the
   * background must move at least this share of what the translation predicts there ({@link
   * #axisAgreement}; 1 for a pure translation, whatever a rotation adds on the other axis). Half
   * way between the 1 of a translation and the 0 of residuals running across a background that does
   * not move that way: on development seeds 1000 and 7001 the trucks and pedestals read 0.97-1.30,
   * walkers crossing a pan diagonally 0 (and those along a tilt's still axis 0-0.8).
   */
  static final double MIN_AXIS_AGREEMENT = 0.5;

  /**
   * A forward (backward) translation moves every static point in front of the camera away from
   * (towards) the epipole, the farthest not at all: nearer layers than the background's plane move
   * away faster, farther ones slower, none the other way (points behind the camera are not seen).
   * Agreeing tracks that clearly move the other way ({@link #againstTranslationShare}) are objects
   * moving on their own; when nearly all of them do (at least this share), the tracks agree with
   * the epipole only because movers' paths cross near the focus of a zoom. Movers among a real
   * translation's layers reached 0.62 on development seeds 1000 and 7001; walkers crossing near the
   * centre of a zoom-out 1.00.
   */
  static final double MAX_AGAINST_TRANSLATION = 0.9;

  /**
   * Fewest clear tracks a group needs to be called a rigid block ({@link #rigidBlockTracks}): one
   * or two tracks share one residual within the tolerance whatever they are (a share of 1 by
   * construction), so they say nothing about the group.
   */
  static final int MIN_BLOCK_TRACKS = 3;

  /** RANSAC draws of the epipole (a few hundred tracks at most: cheap). */
  private static final int DRAWS = 80;

  private ParallaxTest() {}

  /** One off-background track: where it starts (frame widths from the centre) and its residual. */
  private record Off(TrackMotion track, double px, double py, double rx, double ry) {}

  static ParallaxEvidence evaluate(
      BackgroundMotion background, List<MotionGroup> groups, int w, int h, GeometryConfig config) {
    List<Off> off = new ArrayList<>();
    for (MotionGroup g : groups) {
      for (TrackMotion t : g.members()) {
        double[] r = background.homography().residual(t);
        if (Vector2.length(r[0], r[1]) < CLEAR_RESIDUAL * background.separation()) {
          continue;
        }
        off.add(new Off(t, (t.x() - (w - 1) / 2.0) / w, (t.y() - (h - 1) / 2.0) / w, r[0], r[1]));
      }
    }
    if (off.size() < 4) {
      return ParallaxEvidence.none(groups);
    }
    boolean scaleDominant =
        Math.abs(background.scaleRate()) * 0.5
            >= Math.max(Math.abs(background.translationX()), Math.abs(background.translationY()));
    Random random = new Random(off.size());
    double[] bestForward = null;
    double[] bestLateral = null;
    int forwardCount = -1;
    int lateralCount = -1;
    for (int i = 0; i < DRAWS; i++) {
      Off a = off.get(random.nextInt(off.size()));
      Off b = off.get(random.nextInt(off.size()));
      double[] lateral = unit(new double[] {a.rx(), a.ry(), 0});
      int nl = agreeing(lateral, off).size();
      if (nl > lateralCount) {
        lateralCount = nl;
        bestLateral = lateral;
      }
      double[] e = intersect(a, b);
      if (e != null && centreDistance(e) < NEAR_EPIPOLE) {
        int nf = agreeing(e, off).size();
        if (nf > forwardCount) {
          forwardCount = nf;
          bestForward = e;
        }
      }
    }
    if (bestForward != null) {
      double[] refined = refinedNearImage(agreeing(bestForward, off), off);
      if (refined != null) {
        bestForward = refined;
        forwardCount = agreeing(refined, off).size();
      }
    }
    double fwdScore = forwardCount * (scaleDominant ? FORWARD_PREFERENCE : 1);
    double sideScore = lateralCount * (scaleDominant ? 1 : FORWARD_PREFERENCE);
    // A forward or backward translation expands or contracts the background about the epipole
    // itself: an epipole near the image must be the background's focus of expansion (two groups'
    // residual lines always cross somewhere, walkers' too), else the sideways hypothesis stands.
    // While the camera also turns, the epipole is not a fixed point of the background's homography
    // (it moves by the rotation's image shift), so a pan's keystone stands in for the agreement;
    // and a sideways epipole along the axis the keystone says turns is no translation's.
    RotationKeystone keystone = RotationKeystone.of(background, w, h);
    double pixel = w / (double) GeometryConfig.REFERENCE_WIDTH;
    boolean corroborated =
        bestForward != null && foeGap(bestForward, background, w, h, config) <= FOE_AGREEMENT;
    boolean turnsOffFoe =
        bestForward != null
            && !corroborated
            && turnsTheEpipole(bestForward, background, keystone, w, h, pixel, config);
    if (!corroborated && !turnsOffFoe) {
      double[] foe = focusOfExpansion(background, off, w, h, config);
      List<Off> foeAgreeing = foe == null ? List.of() : agreeing(foe, off);
      if (foe != null && focusOfExpansionWins(foeAgreeing, bestLateral, off, groups, background)) {
        bestForward = foe;
        forwardCount = foeAgreeing.size();
        fwdScore = forwardCount * (scaleDominant ? FORWARD_PREFERENCE : 1);
        corroborated = true;
      }
    }
    boolean lateralTurns =
        bestLateral != null
            && keystone.rotates(
                Math.abs(bestLateral[0]) >= Math.abs(bestLateral[1]),
                background.noisePixels(),
                pixel);
    boolean forwardConsistent = corroborated || turnsOffFoe;
    double[] epipole =
        forwardConsistent && (fwdScore > sideScore || turnsOffFoe && lateralTurns)
            ? bestForward
            : bestLateral;
    List<Off> agree = agreeing(epipole, off);
    Set<TrackMotion> agreeTracks = new HashSet<>();
    for (Off o : agree) {
      agreeTracks.add(o.track());
    }
    List<MotionGroup> parallax = new ArrayList<>();
    List<MotionGroup> independent = new ArrayList<>();
    Set<TrackMotion> clearTracks = new HashSet<>();
    for (Off o : off) {
      clearTracks.add(o.track());
    }
    for (MotionGroup g : groups) {
      long n = g.members().stream().filter(agreeTracks::contains).count();
      long clear = g.members().stream().filter(clearTracks::contains).count();
      (n >= MIN_GROUP_AGREEING && n >= MOVER_AGREEMENT * clear ? parallax : independent).add(g);
    }

    int all = Math.max(1, background.baseline().tracks().size());
    int inParallaxGroups = parallax.stream().mapToInt(MotionGroup::size).sum();
    double share = inParallaxGroups / (double) all;
    double coherence = agree.size() / (double) off.size();
    double spread = spread(agree);
    double sameVector = sameVectorShare(agree, background.separation());
    // a forward layer too compact or its parallax too small to show it is not one rigid block
    boolean blockUnresolved =
        layerSameVectorShare(agree, epipole, background.separation(), w) > MAX_SAME_VECTOR;
    double withFlow = withFlow(agree, background);
    double[] residual = new double[agree.size()];
    double[] ratio = new double[agree.size()];
    for (int i = 0; i < agree.size(); i++) {
      Off o = agree.get(i);
      double[] f = background.homography().flow(o.track());
      residual[i] = Vector2.length(o.rx(), o.ry());
      ratio[i] = residual[i] / Math.max(1e-6, Vector2.length(f[0], f[1]));
    }
    // Corroborated by the background's focus of expansion, a smaller share of parallax tracks
    // suffices (a turning camera's epipole is not corroborated so: it needs the full share).
    boolean forward = !isDirection(epipole);
    double neededShare =
        config.minParallaxShare() * (forward && corroborated ? CORROBORATED_SHARE : 1);
    // A sideways translation leaves no keystone on the background's homography; a pan or tilt does.
    boolean keystoneSaysRotation = !forward && lateralTurns;
    // A sideways translation carries the background along its own direction too.
    double axisAgreement = forward ? Double.NaN : axisAgreement(epipole, background);
    boolean acrossBackground = !forward && !(axisAgreement >= MIN_AXIS_AGREEMENT);
    // A forward or backward translation moves every static point away from or towards the epipole.
    double againstShare = forward ? againstTranslationShare(agree, epipole, background, w, h) : 0;
    boolean againstTranslation = againstShare >= MAX_AGAINST_TRANSLATION;
    boolean translates =
        !keystoneSaysRotation
            && !acrossBackground
            && !againstTranslation
            && share >= neededShare
            && coherence >= MIN_COHERENCE
            && spread >= MIN_SPREAD
            && (sameVector <= MAX_SAME_VECTOR
                || withFlow >= RIGID_LAYER_WITH_FLOW
                || blockUnresolved)
            && BackgroundFitter.median(ratio, ratio.length) <= MAX_PARALLAX_RATIO;
    if (!translates && acrossBackground && !parallax.isEmpty()) {
      // The agreeing groups run across the background's motion: no translation moves static
      // surfaces so, they are movers. A sideways translation may still show among the other
      // groups (walkers crossing a truck can outnumber its layers), so the test runs again
      // without them. Only a sideways answer is taken from it: among the walkers left over, two
      // paths crossing near a zoom's focus pass for a dolly's epipole (a zoom-in of seed 1002).
      ParallaxEvidence rest = evaluate(background, independent, w, h, config);
      if (rest.translates() && rest.sideways()) {
        List<MotionGroup> movers = new ArrayList<>(rest.independentGroups());
        movers.addAll(parallax);
        return rest.withIndependentGroups(movers);
      }
    }
    return new ParallaxEvidence(
        translates,
        epipole,
        List.copyOf(parallax),
        List.copyOf(independent),
        share,
        coherence,
        withFlow,
        spread,
        BackgroundFitter.median(residual, residual.length),
        BackgroundFitter.median(ratio, ratio.length),
        sameVector,
        keystoneSaysRotation,
        axisAgreement,
        againstShare);
  }

  /**
   * The background's focus of expansion as a forward epipole (centred, frame widths, homogeneous),
   * refined by least squares on the tracks that agree with it as long as the refinement stays where
   * the background allows ({@link #FOE_AGREEMENT}) and agrees with at least as many tracks; null
   * when the background does not change scale measurably or the point is not near the image ({@link
   * #NEAR_EPIPOLE}).
   */
  private static double[] focusOfExpansion(
      BackgroundMotion background, List<Off> off, int w, int h, GeometryConfig config) {
    if (!background.scalesMeasurably(config)) {
      return null;
    }
    // unclamped: a fixed point far above or below the frame must not be pulled within NEAR_EPIPOLE
    double[] at = GeometricReasoner.fixedPoint(background.homography(), w, h);
    if (at == null) {
      return null;
    }
    double[] foe = {(at[0] * w - (w - 1) / 2.0) / w, (at[1] * h - (h - 1) / 2.0) / w, 1};
    double[] refined = refinedNearImage(agreeing(foe, off), off);
    if (refined != null && foeGap(refined, background, w, h, config) <= FOE_AGREEMENT) {
      foe = refined;
    }
    return centreDistance(foe) < NEAR_EPIPOLE ? foe : null;
  }

  /**
   * Whether the background's focus of expansion (the tracks agreeing with it given) explains more
   * off-background tracks than the best sideways direction when the tracks of rigid blocks count
   * for neither. RANSAC picks the hypothesis most tracks agree with, within {@link
   * #MAX_ANGLE_DEGREES}; a walker or two moving as rigid blocks, their tracks sharing one residual
   * of 50-60 px beside a dolly's layers at 2-8 px, agree with an epipole at the frame's edge or
   * with a sideways direction about as well as the layers agree with the centre, and outvote them
   * (dollies with walkers of development seeds 1002, 1009 and 1011 were answered zooms, the
   * sideways direction naming no motion the background showed, and a pan with a dolly-out of seed
   * 1012 a truck with a zoom). A block is one object whatever its size in tracks, and a forward
   * translation's layer is no block unless its parallax is too small to vary across it; counted
   * without blocks, the zooms of the development seeds whose walkers or tracking line up with their
   * centre still favour the sideways reading (the off-background tracks of a zoom-out on the {@code
   * bench e2e} programme, one compact group moving with the background's flow, agree with both: 19
   * and 30 tracks with the centre, 23 and 33 with a sideways direction).
   */
  private static boolean focusOfExpansionWins(
      List<Off> foeAgreeing,
      double[] lateral,
      List<Off> off,
      List<MotionGroup> groups,
      BackgroundMotion background) {
    if (lateral == null) {
      return true;
    }
    Set<TrackMotion> blocks = rigidBlockTracks(off, groups, background.separation());
    return foeAgreeing.stream().filter(o -> !blocks.contains(o.track())).count()
        > agreeing(lateral, off).stream().filter(o -> !blocks.contains(o.track())).count();
  }

  /**
   * The clear tracks of groups that move as one rigid block: at least {@link #MIN_BLOCK_TRACKS}
   * clear tracks, at least {@link #MAX_SAME_VECTOR} of them sharing one residual.
   */
  private static Set<TrackMotion> rigidBlockTracks(
      List<Off> off, List<MotionGroup> groups, double separation) {
    Map<TrackMotion, Off> clear = new HashMap<>();
    for (Off o : off) {
      clear.put(o.track(), o);
    }
    Set<TrackMotion> blocks = new HashSet<>();
    for (MotionGroup g : groups) {
      List<Off> mine = new ArrayList<>();
      for (TrackMotion t : g.members()) {
        Off o = clear.get(t);
        if (o != null) {
          mine.add(o);
        }
      }
      if (mine.size() >= MIN_BLOCK_TRACKS && sameVectorShare(mine, separation) >= MAX_SAME_VECTOR) {
        mine.forEach(o -> blocks.add(o.track()));
      }
    }
    return blocks;
  }

  /**
   * How far a forward epipole is from being a fixed point of the background's homography: its
   * displacement under the homography over the baseline, in units of the background's expansion
   * (its relative scale change times the frame width). Under a pure forward or backward translation
   * the epipole is a fixed point of the homography of every plane ({@code H t ∝ t}), so the gap is
   * about 0; for a similarity it equals the distance (frame widths) between the epipole and the
   * focus of expansion, and unlike that distance it stays right for a homography with strong
   * perspective terms (a tight fit on one slanted-looking layer). Infinite when the background does
   * not measurably change scale.
   */
  static double foeGap(
      double[] epipole, BackgroundMotion background, int w, int h, GeometryConfig config) {
    if (!background.scalesMeasurably(config)) {
      return Double.POSITIVE_INFINITY;
    }
    Homography hm = background.homography();
    double[] at = pixelOf(epipole, w, h);
    double ex = at[0];
    double ey = at[1];
    double[] moved = hm.apply(ex, ey);
    double[] local = hm.localMotion((w - 1) / 2.0, (h - 1) / 2.0);
    double expansion = Math.abs(Math.expm1(local[2])) * w;
    if (!(expansion > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return Vector2.length(moved[0] - ex, moved[1] - ey) / expansion;
  }

  /**
   * True when a homogeneous epipole is a direction (at infinity: a sideways translation's) rather
   * than a point.
   */
  static boolean isDirection(double[] epipole) {
    return Math.abs(epipole[2]) < 1e-9;
  }

  /**
   * Distance of a finite homogeneous epipole from the image centre, in frame widths (the epipole's
   * own coordinates: centred, in units of the width).
   */
  static double centreDistance(double[] epipole) {
    return Vector2.length(epipole[0] / epipole[2], epipole[1] / epipole[2]);
  }

  /** A finite homogeneous epipole in the frame's pixel coordinates, {x, y}. */
  private static double[] pixelOf(double[] epipole, int w, int h) {
    return new double[] {
      epipole[0] / epipole[2] * w + (w - 1) / 2.0, epipole[1] / epipole[2] * w + (h - 1) / 2.0
    };
  }

  /**
   * Whether a forward epipole's move under the background's homography is a camera rotation's: the
   * background changes scale measurably (a forward translation expands or contracts it), its
   * keystone says it turns ({@link RotationKeystone#rotates}) along the axis the epipole moves
   * most, and the epipole moves the way the image centre does. A camera that dollies while it pans
   * or tilts maps the first frame's epipole {@code e} to the second's {@code e' = H e} (the
   * homography of any plane is {@code K (R + t nᵀ/d) K⁻¹ = H_t K R K⁻¹} with {@code H_t} fixing
   * {@code K t}): {@code e'} is shifted from {@code e} by the rotation's image motion, not fixed as
   * {@link #foeGap} expects. A zoom's homography has no keystone, so walkers' paths crossing near a
   * zoom's centre are still held to the focus of expansion.
   */
  private static boolean turnsTheEpipole(
      double[] epipole,
      BackgroundMotion background,
      RotationKeystone keystone,
      int w,
      int h,
      double pixel,
      GeometryConfig config) {
    if (!background.scalesMeasurably(config)
        || centreDistance(epipole) > MotionDecision.LATERAL_EPIPOLE) {
      return false;
    }
    Homography hm = background.homography();
    double[] at = pixelOf(epipole, w, h);
    double ex = at[0];
    double ey = at[1];
    double[] moved = hm.apply(ex, ey);
    double dx = moved[0] - ex;
    double dy = moved[1] - ey;
    boolean horizontal = Math.abs(dx) >= Math.abs(dy);
    double[] centre = hm.apply((w - 1) / 2.0, (h - 1) / 2.0);
    double along = horizontal ? centre[0] - (w - 1) / 2.0 : centre[1] - (h - 1) / 2.0;
    return keystone.rotates(horizontal, background.noisePixels(), pixel)
        && along * (horizontal ? dx : dy) > 0;
  }

  /**
   * How well the background's own image translation follows a sideways epipole's direction {@code
   * d}: with {@code k = b·d} (the background's motion {@code b} along {@code d}, {@code d} signed
   * so that {@code k > 0}), the smallest {@code b_i d_i / (k d_i²)} over the axes {@code i} the
   * direction names ({@link MotionDecision#LATERAL_COMPONENT}): 1 when the background moves exactly
   * along {@code d}, as a translation moves it, about 0 when it does not move on a named axis at
   * all. A rotation added on an axis the direction does not name leaves it at 1 (a truck with a
   * tilt). 0 when the background does not move along {@code d}.
   */
  static double axisAgreement(double[] direction, BackgroundMotion background) {
    double n = Vector2.length(direction[0], direction[1]);
    double bx = background.translationX();
    double by = background.translationY();
    double dx = direction[0] / n;
    double dy = direction[1] / n;
    double k = bx * dx + by * dy;
    if (k < 0) {
      k = -k;
      dx = -dx;
      dy = -dy;
    }
    if (!(k > 0)) {
      return 0;
    }
    double worst = Double.POSITIVE_INFINITY;
    if (Math.abs(dx) >= MotionDecision.LATERAL_COMPONENT) {
      worst = Math.min(worst, bx / (k * dx));
    }
    if (Math.abs(dy) >= MotionDecision.LATERAL_COMPONENT) {
      worst = Math.min(worst, by / (k * dy));
    }
    return Double.isInfinite(worst) ? 1 : worst;
  }

  /**
   * The tracks whose residual points along the line to the epipole, either way: surfaces nearer
   * than the background's plane move away from the epipole (or with a sideways translation's
   * direction), farther ones towards it (or against), and a tight fit often rests on a middle
   * layer, so both happen in one scene (keeping one side only left trucks and dollies of bench
   * seeds 7001/7002 at coherence 0.36-0.49, below {@link #MIN_COHERENCE}). Walkers that happen to
   * line up are kept out by the focus-of-expansion agreement and by {@link RotationKeystone}.
   */
  private static List<Off> agreeing(double[] e, List<Off> off) {
    double maxSin = Math.sin(Math.toRadians(MAX_ANGLE_DEGREES));
    List<Off> along = new ArrayList<>();
    for (Off o : off) {
      double ux;
      double uy;
      if (isDirection(e)) {
        ux = e[0];
        uy = e[1];
      } else {
        ux = o.px() - e[0] / e[2];
        uy = o.py() - e[1] / e[2];
      }
      double ul = Vector2.length(ux, uy);
      double r = Vector2.length(o.rx(), o.ry());
      if (ul < 1e-9 || r == 0) {
        continue;
      }
      if (Math.abs(ux * o.ry() - uy * o.rx()) / (ul * r) > maxSin) {
        continue;
      }
      along.add(o);
    }
    return along;
  }

  /** The point where the residual lines of two tracks cross (homogeneous), null if parallel. */
  private static double[] intersect(Off a, Off b) {
    double[] la = line(a);
    double[] lb = line(b);
    double[] e = {
      la[1] * lb[2] - la[2] * lb[1], la[2] * lb[0] - la[0] * lb[2], la[0] * lb[1] - la[1] * lb[0]
    };
    if (Math.abs(e[2]) < 1e-12) {
      return null;
    }
    return unit(e);
  }

  private static double[] line(Off o) {
    double r = Vector2.length(o.rx(), o.ry());
    double a = -o.ry() / r;
    double b = o.rx() / r;
    return new double[] {a, b, -(a * o.px() + b * o.py())};
  }

  /**
   * The least-squares epipole of the tracks that agree with a forward epipole ({@code agree}), when
   * it is a point near the image ({@link #NEAR_EPIPOLE}) that at least as many of the {@code off}
   * tracks agree with; null otherwise.
   */
  private static double[] refinedNearImage(List<Off> agree, List<Off> off) {
    double[] refined = refine(agree);
    return refined != null
            && !isDirection(refined)
            && centreDistance(refined) < NEAR_EPIPOLE
            && agreeing(refined, off).size() >= agree.size()
        ? refined
        : null;
  }

  /** Least-squares epipole of the tracks' residual lines. */
  private static double[] refine(List<Off> tracks) {
    if (tracks.size() < 3) {
      return null;
    }
    double[] m = new double[9];
    for (Off o : tracks) {
      double[] v = line(o);
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          m[3 * j + k] += v[j] * v[k];
        }
      }
    }
    Mat sym = new Mat(3, 3, CV_64F);
    new DoublePointer(sym.data()).put(m);
    Mat values = new Mat();
    Mat vectors = new Mat();
    if (!eigen(sym, values, vectors)) {
      return null;
    }
    double[] e = new double[9];
    new DoublePointer(vectors.data()).get(e);
    return unit(new double[] {e[6], e[7], e[8]});
  }

  private static double[] unit(double[] v) {
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return n == 0 ? v : new double[] {v[0] / n, v[1] / n, v[2] / n};
  }

  /** Share of tracks (where the background flow is measurable) whose residual runs with it. */
  private static double withFlow(List<Off> tracks, BackgroundMotion background) {
    int with = 0;
    int measured = 0;
    for (Off o : tracks) {
      double[] f = background.homography().flow(o.track());
      if (Vector2.length(f[0], f[1]) <= background.separation()) {
        continue;
      }
      measured++;
      if (f[0] * o.rx() + f[1] * o.ry() > 0) {
        with++;
      }
    }
    return measured == 0 ? 0 : with / (double) measured;
  }

  /** Share of the tracks whose residual equals their median residual within 20 % (or noise). */
  private static double sameVectorShare(List<Off> tracks, double separation) {
    return sameVectorShare(
        tracks.stream().mapToDouble(Off::rx).toArray(),
        tracks.stream().mapToDouble(Off::ry).toArray(),
        separation);
  }

  /** Share of the vectors equal to their median vector within 20 % (or the separation). */
  private static double sameVectorShare(double[] xs, double[] ys, double separation) {
    if (xs.length == 0) {
      return 0;
    }
    double mx = BackgroundFitter.median(xs, xs.length);
    double my = BackgroundFitter.median(ys, ys.length);
    double tol = Math.max(separation, 0.2 * Vector2.length(mx, my));
    int same = 0;
    for (int i = 0; i < xs.length; i++) {
      same += Vector2.length(xs[i] - mx, ys[i] - my) <= tol ? 1 : 0;
    }
    return same / (double) xs.length;
  }

  /**
   * The {@link #sameVectorShare} the agreeing tracks would show were they one depth layer of a
   * forward or backward translation through the epipole: residuals {@code g (p - e)}, one {@code g}
   * (the tracks' median). When even that reads as one block (a compact layer far from the epipole,
   * or parallax within a pixel or two, where the tolerance is the noise), a block sharing one
   * residual cannot be told from a depth layer. 0 for a sideways epipole, where one layer does move
   * as one block and {@link #RIGID_LAYER_WITH_FLOW} decides.
   */
  private static double layerSameVectorShare(
      List<Off> tracks, double[] e, double separation, int w) {
    if (tracks.isEmpty() || isDirection(e)) {
      return 0;
    }
    double ex = e[0] / e[2];
    double ey = e[1] / e[2];
    double[] g = new double[tracks.size()];
    for (int i = 0; i < g.length; i++) {
      Off o = tracks.get(i);
      double ux = (o.px() - ex) * w;
      double uy = (o.py() - ey) * w;
      g[i] = (o.rx() * ux + o.ry() * uy) / Math.max(1e-9, ux * ux + uy * uy);
    }
    double gm = BackgroundFitter.median(g, g.length);
    double[] xs = new double[g.length];
    double[] ys = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      Off o = tracks.get(i);
      xs[i] = gm * (o.px() - ex) * w;
      ys[i] = gm * (o.py() - ey) * w;
    }
    return sameVectorShare(xs, ys, separation);
  }

  /**
   * Share of the tracks that move the other way along the line to a forward epipole than the
   * background's expansion says the camera translates, by more than {@link #CLEAR_RESIDUAL} times
   * the separation: a track from {@code p} to {@code p'} is compared with the epipole {@code e} and
   * where the background's homography carries it, {@code e' = H e} (a rotation moves it), by its
   * distance from {@code e'} along {@code p - e} against {@code |p - e|}. 0 for no tracks or a
   * sideways epipole.
   */
  private static double againstTranslationShare(
      List<Off> tracks, double[] e, BackgroundMotion background, int w, int h) {
    if (tracks.isEmpty() || isDirection(e)) {
      return 0;
    }
    double sign = Math.signum(background.scaleRate());
    Homography hm = background.homography();
    double[] at = pixelOf(e, w, h);
    double ex = at[0];
    double ey = at[1];
    double[] e2 = hm.apply(ex, ey);
    double tol = CLEAR_RESIDUAL * background.separation();
    int bad = 0;
    for (Off o : tracks) {
      TrackMotion t = o.track();
      double ux = t.x() - ex;
      double uy = t.y() - ey;
      double d = Vector2.length(ux, uy);
      if (d < 1e-9) {
        continue;
      }
      // how much farther from e' the track ends than it started from e, along p - e: a forward
      // translation gives every still point v >= 0, a backward one v <= 0
      double v = ((t.x() + t.dx() - e2[0]) * ux + (t.y() + t.dy() - e2[1]) * uy) / d - d;
      if (sign * v < -tol) {
        bad++;
      }
    }
    return bad / (double) tracks.size();
  }

  /** RMS distance of the tracks from their centroid (frame widths). */
  private static double spread(List<Off> tracks) {
    if (tracks.size() < 2) {
      return 0;
    }
    double mx = tracks.stream().mapToDouble(Off::px).average().orElse(0);
    double my = tracks.stream().mapToDouble(Off::py).average().orElse(0);
    double s = 0;
    for (Off o : tracks) {
      s += (o.px() - mx) * (o.px() - mx) + (o.py() - my) * (o.py() - my);
    }
    return Math.sqrt(s / tracks.size());
  }
}
