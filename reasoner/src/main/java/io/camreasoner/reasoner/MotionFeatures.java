package io.camreasoner.reasoner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The motion descriptor of one window that learned camera-motion models read: the geometric
 * reasoner's measurements plus a coarse motion field, as a fixed-order float vector. Computed by
 * {@link GeometricReasoner#analyse} from the same tracks and fits as its decision, so a model sees
 * exactly what the reasoner measured, at almost no extra cost; the training data export and the
 * serving path both go through that one method.
 *
 * <p>Layout ({@link #NAMES}; every rate is per second and in frame widths, so the vector does not
 * depend on resolution or frame rate):
 *
 * <ol start="0">
 *   <li>{@code tx, ty} background image translation (frame-widths/s, + = content moves right/down)
 *   <li>{@code scale} relative scale change /s; {@code roll} in-plane rotation in degrees/s / 10
 *   <li>{@code txSpread, tySpread, scaleSpread, rollSpread}: standard deviation of those rates over
 *       the frame pairs (roll again in degrees/s / 10)
 *   <li>{@code residualParallax} (frame-widths/s), {@code parallaxRatio} (clamped to 0..5), {@code
 *       parallaxShare}, {@code parallaxSpread}, {@code parallaxCoherence}, {@code movingShare},
 *       {@code movingSpread}, {@code inlierShare} (homography over the baseline), {@code
 *       pairInlierShare}, {@code stationaryShare}, {@code texture}, {@code log1pTracks}, {@code
 *       baselineShare} (analysed baseline over the window's span)
 *   <li>{@code foePresent, foeX, foeY}: focus of expansion (relative to the centre; 0 when absent)
 *   <li>{@code epipolePresent, epipoleX, epipoleY, epipoleZ, epipoleNearness}: the parallax epipole
 *       as a unit homogeneous vector (z = 0 for a direction, sign fixed so that z &gt;= 0, then x
 *       &gt;= 0) and 1 / (1 + its distance from the centre in frame widths)
 *   <li>then for each cell of a {@value #GRID_COLUMNS} x {@value #GRID_ROWS} grid (row-major, from
 *       the top left) over the tracks of the analysed baseline, at their first position: {@code
 *       share} (of the tracks), {@code dx, dy} (median displacement, frame-widths/s), {@code res}
 *       (median residual after the baseline's best homography, frame-widths/s) and {@code resAlong}
 *       (median residual component along the homography's own displacement: depth parallax runs
 *       along it); empty cells are all 0
 * </ol>
 *
 * Changing the layout breaks trained models: bump {@link #VERSION}, which models record.
 *
 * @param values the vector, {@link #COUNT} long; not copied, do not mutate
 */
public record MotionFeatures(float[] values) {

  /** Identifier of this layout; the shipped model records the one it was trained on. */
  public static final String VERSION = "motion-features/1";

  /** Columns of the motion-field grid. */
  public static final int GRID_COLUMNS = 4;

  /** Rows of the motion-field grid. */
  public static final int GRID_ROWS = 3;

  /** Values per grid cell. */
  static final int PER_CELL = 5;

  /** Names of the values in vector order. */
  public static final List<String> NAMES = names();

  /** Length of the vector. */
  public static final int COUNT = NAMES.size();

  /** Checks the length and that every value is finite. */
  public MotionFeatures {
    if (values.length != COUNT) {
      throw new IllegalArgumentException(
          "a motion descriptor has " + COUNT + " values, got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(NAMES.get(i) + " is not finite: " + values[i]);
      }
    }
  }

  /** The value with a name of {@link #NAMES}. */
  public float get(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no motion feature named " + name);
    }
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MotionFeatures f && Arrays.equals(values, f.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("MotionFeatures[");
    for (int i = 0; i < values.length; i++) {
      s.append(i == 0 ? "" : ", ")
          .append(NAMES.get(i))
          .append('=')
          .append(String.format(Locale.ROOT, "%.4g", values[i]));
    }
    return s.append(']').toString();
  }

  private static List<String> names() {
    List<String> n =
        new ArrayList<>(
            List.of(
                "tx",
                "ty",
                "scale",
                "roll",
                "txSpread",
                "tySpread",
                "scaleSpread",
                "rollSpread",
                "residualParallax",
                "parallaxRatio",
                "parallaxShare",
                "parallaxSpread",
                "parallaxCoherence",
                "movingShare",
                "movingSpread",
                "inlierShare",
                "pairInlierShare",
                "stationaryShare",
                "texture",
                "log1pTracks",
                "baselineShare",
                "foePresent",
                "foeX",
                "foeY",
                "epipolePresent",
                "epipoleX",
                "epipoleY",
                "epipoleZ",
                "epipoleNearness"));
    for (int r = 0; r < GRID_ROWS; r++) {
      for (int c = 0; c < GRID_COLUMNS; c++) {
        String cell = "cell" + r + c + ".";
        for (String v : List.of("share", "dx", "dy", "res", "resAlong")) {
          n.add(cell + v);
        }
      }
    }
    return List.copyOf(n);
  }
}
