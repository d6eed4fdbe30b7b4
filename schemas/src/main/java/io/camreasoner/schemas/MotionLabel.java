package io.camreasoner.schemas;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The 15-label camera-movement vocabulary of design.md (CameraBench convention): labels describe
 * what the <b>camera</b> does, never how the image content moves. This enum is the contract;
 * messages carry the kebab-case {@link #label()} strings.
 *
 * <p>Image-motion conventions (content seen on screen, x right, y down):
 *
 * <ul>
 *   <li>{@code pan-right}/{@code truck-right}: content slides left; {@code pan-left}/{@code
 *       truck-left}: right.
 *   <li>{@code tilt-up}/{@code pedestal-up}: content slides down; {@code tilt-down}/{@code
 *       pedestal-down}: up.
 *   <li>{@code roll-cw}: content turns counter-clockwise; {@code roll-ccw}: clockwise.
 *   <li>{@code zoom-in}/{@code dolly-in}: content expands; {@code zoom-out}/{@code dolly-out}:
 *       contracts.
 * </ul>
 *
 * Rotations (pan, tilt, roll) and zoom are homographies of the image; translations (dolly, truck,
 * pedestal) leave depth-dependent parallax.
 */
public enum MotionLabel {
  STATIC("static", Kind.STATIC, 0),
  PAN_LEFT("pan-left", Kind.PAN, -1),
  PAN_RIGHT("pan-right", Kind.PAN, +1),
  TILT_UP("tilt-up", Kind.TILT, +1),
  TILT_DOWN("tilt-down", Kind.TILT, -1),
  ROLL_CW("roll-cw", Kind.ROLL, +1),
  ROLL_CCW("roll-ccw", Kind.ROLL, -1),
  ZOOM_IN("zoom-in", Kind.ZOOM, +1),
  ZOOM_OUT("zoom-out", Kind.ZOOM, -1),
  DOLLY_IN("dolly-in", Kind.DOLLY, +1),
  DOLLY_OUT("dolly-out", Kind.DOLLY, -1),
  TRUCK_LEFT("truck-left", Kind.TRUCK, -1),
  TRUCK_RIGHT("truck-right", Kind.TRUCK, +1),
  PEDESTAL_UP("pedestal-up", Kind.PEDESTAL, +1),
  PEDESTAL_DOWN("pedestal-down", Kind.PEDESTAL, -1);

  /**
   * The family a label belongs to; each family except {@link #STATIC} has two opposite directions.
   */
  public enum Kind {
    STATIC,
    PAN,
    TILT,
    ROLL,
    ZOOM,
    DOLLY,
    TRUCK,
    PEDESTAL;

    /** True for camera rotations (pan, tilt, roll): one homography at every depth. */
    public boolean isRotation() {
      return this == PAN || this == TILT || this == ROLL;
    }

    /**
     * True for camera translations (dolly, truck, pedestal): near things move faster (parallax).
     */
    public boolean isTranslation() {
      return this == DOLLY || this == TRUCK || this == PEDESTAL;
    }
  }

  private static final List<MotionLabel> ALL = List.of(values());

  private final String label;
  private final Kind kind;
  private final int direction;

  MotionLabel(String label, Kind kind, int direction) {
    this.label = label;
    this.kind = kind;
    this.direction = direction;
  }

  /** The kebab-case label as it appears in messages and JSON, e.g. {@code pan-left}. */
  public String label() {
    return label;
  }

  /** The family of the label. */
  public Kind kind() {
    return kind;
  }

  /**
   * The camera's direction within the family: +1 for right, up, clockwise, in (zoom/dolly); -1 for
   * the opposite; 0 for {@link #STATIC}.
   */
  public int direction() {
    return direction;
  }

  /** The label of the same family in the opposite direction ({@link #STATIC} for static). */
  public MotionLabel opposite() {
    if (this == STATIC) {
      return STATIC;
    }
    return of(kind, -direction);
  }

  /** The label of a family and direction (+1/-1). */
  public static MotionLabel of(Kind kind, int direction) {
    if (kind == Kind.STATIC) {
      return STATIC;
    }
    int sign = Integer.signum(direction);
    for (MotionLabel l : ALL) {
      if (l.kind == kind && l.direction == sign) {
        return l;
      }
    }
    throw new IllegalArgumentException("no label for " + kind + " with direction " + direction);
  }

  /** Parses a kebab-case label (case-insensitive, surrounding blanks ignored); empty if unknown. */
  public static Optional<MotionLabel> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return ALL.stream().filter(l -> l.label.equals(t)).findFirst();
  }

  /** Parses a kebab-case label, failing with a message that lists the vocabulary. */
  public static MotionLabel fromLabel(String text) {
    return parse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown camera-motion label '" + text + "'; expected one of " + vocabulary()));
  }

  /** All 15 labels in their canonical order, as kebab-case strings. */
  public static List<String> vocabulary() {
    return Arrays.stream(values()).map(MotionLabel::label).toList();
  }

  @Override
  public String toString() {
    return label;
  }
}
