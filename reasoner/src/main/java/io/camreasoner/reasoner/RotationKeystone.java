package io.camreasoner.reasoner;

/**
 * The keystone of the background's homography: the second-order cue that tells a pan from a truck
 * and a tilt from a pedestal without any parallax. A camera that turns by an angle whose image
 * motion at the centre is {@code u} pixels maps {@code x} to about {@code (x + u) / (1 - x u / f²)}
 * (f the focal length in pixels): the edges move faster than the centre, by {@code u x² / f²}. A
 * sideways or vertical translation induces on any plane the homography {@code I + t nᵀ / d}, whose
 * last row stays {@code (0, 0, 1)}: no keystone at all, whatever the plane. So the keystone
 * coefficient {@code k} of the background's homography (read about the image centre) gives the
 * focal length a rotation would need, {@code f = sqrt(u / k)}, i.e. a field of view: a plausible
 * lens says the camera turns; none (k about 0, or of the opposite sign) says it does not.
 *
 * @param horizontalFov field of view (degrees) a pan would need to explain the background's
 *     horizontal keystone; 0 when the keystone has the wrong sign or is absent, NaN when the
 *     background barely moves that way
 * @param verticalFov the same for a tilt (horizontal field of view, degrees)
 * @param horizontalPixels the horizontal keystone's largest displacement in the frame, pixels at
 *     {@value GeometryConfig#REFERENCE_WIDTH} px width
 * @param verticalPixels the vertical keystone's largest displacement, pixels at {@value
 *     GeometryConfig#REFERENCE_WIDTH} px
 * @param measurable the background's homography rests on most tracks and its keystone can be
 *     trusted ({@link #MIN_SUPPORT})
 */
record RotationKeystone(
    double horizontalFov,
    double verticalFov,
    double horizontalPixels,
    double verticalPixels,
    boolean measurable) {

  /**
   * The keystone is read only when the background's homography explains at least this share of the
   * tracks: a fit resting on one depth layer among several extrapolates a spurious keystone to the
   * frame's edges (trucks whose fit held 30-34 % of the tracks read 33-60° lenses on bench seeds
   * 7001/7002), while the pans and tilts taken for trucks there fit 54-81 %.
   */
  static final double MIN_SUPPORT = 0.5;

  /**
   * The keystone must displace the frame's corners by at least this many pixels (at {@value
   * GeometryConfig#REFERENCE_WIDTH} px width), about five times KLT's precision ...
   */
  static final double MIN_PIXELS = 1.0;

  /**
   * ... and this many times the window's tracking noise (median background residual), to be told
   * from fitting noise: the keystone coefficient rests on the few tracks near the edges, so a fit
   * through noisy tracks bends a truck's plane by a few pixels with a plausible lens. On
   * development seeds 1000 and 7001 the trucks' false keystones read 4.7-8.4 times the noise
   * (30-77° lenses, 2.1-2.8 px), the pans' and tilts' 12-96 times; 10 sits between (3 let a 2.1 px
   * keystone at 0.45 px noise turn a truck into a pan).
   */
  static final double NOISE_FACTOR = 10;

  /**
   * Narrowest lens a rotation is believed with (degrees): a keystone needing a longer lens is too
   * weak for a rotation of that image motion. Real footage under a virtual pan reads 35-40°, the
   * synthetic camera's 60° lens reads 55-62°; a lens narrower than 25° is a telephoto whose
   * keystone is too small to read anyway.
   */
  static final double MIN_FOV_DEGREES = 25;

  /**
   * Widest lens a rotation is believed with (degrees): beyond it the keystone is too strong for a
   * rotation of that image motion (a fit bent by parallax or movers).
   */
  static final double MAX_FOV_DEGREES = 120;

  /**
   * Below this image motion at the centre (pixels at 320 px over the baseline) the keystone is not
   * read: a rotation that small bends the edges by a fraction of a pixel.
   */
  static final double MIN_MOTION_PIXELS = 3;

  /** The keystone of the background's motion over a frame of w x h analysis pixels. */
  static RotationKeystone of(BackgroundMotion background, int w, int h) {
    double[] m = background.homography().m();
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    // the homography about the image centre: T⁻¹ H T with T the shift to the centre
    double g6 = m[6];
    double g7 = m[7];
    double g8 = m[6] * cx + m[7] * cy + m[8];
    double g2 = m[0] * cx + m[1] * cy + m[2] - cx * g8;
    double g5 = m[3] * cx + m[4] * cy + m[5] - cy * g8;
    double pixel = w / (double) GeometryConfig.REFERENCE_WIDTH;
    double u = g2 / g8;
    double v = g5 / g8;
    double kx = -g6 / g8;
    double ky = -g7 / g8;
    double halfW = w / 2.0;
    double halfH = h / 2.0;
    boolean measurable = background.inlierShare() >= MIN_SUPPORT;
    return new RotationKeystone(
        fov(u, kx, halfW, pixel),
        fov(v, ky, halfW, pixel),
        Math.abs(kx) * halfW * halfW / pixel,
        Math.abs(ky) * halfW * halfH / pixel,
        measurable);
  }

  /** The field of view a rotation with image motion u and keystone k would need. */
  private static double fov(double u, double k, double halfWidth, double pixel) {
    if (Math.abs(u) < MIN_MOTION_PIXELS * pixel) {
      return Double.NaN;
    }
    if (k * u <= 0) {
      return 0;
    }
    return Math.toDegrees(2 * Math.atan(halfWidth / Math.sqrt(u / k)));
  }

  /**
   * Whether the background's keystone along an axis is a rotation's: measurable, clearly above the
   * noise, and of the size a plausible lens gives.
   *
   * @param horizontal the horizontal axis (pan) or the vertical (tilt)
   * @param noisePixels the window's tracking noise (analysis pixels)
   * @param pixel analysis pixels per reference pixel
   */
  boolean rotates(boolean horizontal, double noisePixels, double pixel) {
    double fov = horizontal ? horizontalFov : verticalFov;
    double size = horizontal ? horizontalPixels : verticalPixels;
    return measurable
        && fov >= MIN_FOV_DEGREES
        && fov <= MAX_FOV_DEGREES
        && size >= Math.max(MIN_PIXELS, NOISE_FACTOR * noisePixels / pixel);
  }
}
