package io.camreasoner.reasoner;

/**
 * How steady the camera is over a window, in CameraBench's terms, from the high-frequency jitter of
 * the fitted camera path ({@link MotionCues#shake()}).
 */
public enum Steadiness {
  /** On a tripod, a dolly or a gimbal: the path has no jitter beyond tracking noise. */
  STEADY("steady"),
  /** A steadied hand or a light wobble. */
  SLIGHT_SHAKE("slight-shake"),
  /** Handheld: the path jitters frame to frame. */
  HANDHELD("handheld");

  /**
   * Shake (frame-widths) up to which the camera is steady: about 0.5 px at 320 px, ten times the
   * frame-pair fits' noise on a tripod (0.0001-0.0002 on the tuning seeds 125-127 of
   * SpeedCuesTest); a synthetic per-frame jitter of 0.05° RMS gives 0.0014.
   */
  static final double STEADY_MAX_SHAKE = 0.0015;

  /**
   * Shake (frame-widths) up to which the camera only slightly shakes: about 1.3 px at 320 px. The
   * shake grows linearly with a synthetic camera's per-frame jitter, 0.027 frame-widths per degree
   * RMS with a 60° lens: 0.1° gives 0.0028 (slight), 0.3° (a hand) 0.008.
   */
  static final double SLIGHT_SHAKE_MAX_SHAKE = 0.004;

  private final String label;

  Steadiness(String label) {
    this.label = label;
  }

  /** The label as the contracts spell it: steady, slight-shake or handheld. */
  public String label() {
    return label;
  }

  /** The steadiness a shake (frame-widths) means. */
  static Steadiness of(double shake) {
    if (shake <= STEADY_MAX_SHAKE) {
      return STEADY;
    }
    return shake <= SLIGHT_SHAKE_MAX_SHAKE ? SLIGHT_SHAKE : HANDHELD;
  }
}
