package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

class HomographyTest {
  private static final double F = 280; // focal length in pixels: a 60° lens on a 320 px frame
  private static final double CX = 159.5;
  private static final double CY = 89.5;

  /**
   * K · R_y(θ) · K⁻¹ scaled by {@code zoom}: what a camera panning by {@code degrees} (and zooming)
   * does to the image of any scene.
   */
  private static Homography pan(double degrees, double zoom) {
    double t = Math.toRadians(degrees);
    double c = Math.cos(t);
    double s = Math.sin(t);
    // R_y(θ) in camera coordinates, then K (focal F·zoom for the second view, F for the first)
    double[][] r = {{c, 0, s}, {0, 1, 0}, {-s, 0, c}};
    double[][] k2 = {{F * zoom, 0, CX}, {0, F * zoom, CY}, {0, 0, 1}};
    double[][] k1inv = {{1 / F, 0, -CX / F}, {0, 1 / F, -CY / F}, {0, 0, 1}};
    double[][] h = mul(mul(k2, r), k1inv);
    return new Homography(
        new double[] {
          h[0][0], h[0][1], h[0][2], h[1][0], h[1][1], h[1][2], h[2][0], h[2][1], h[2][2]
        });
  }

  private static double[][] mul(double[][] a, double[][] b) {
    double[][] out = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          out[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return out;
  }

  @Test
  void shouldReadNoZoomAtTheSymmetricPointWhenTheCameraOnlyPans() {
    Homography h = pan(30, 1.0);

    double atCentre = h.localMotion(CX, CY)[2];
    double[] p = h.symmetricPoint(CX, CY);
    double atSymmetric = h.localMotion(p[0], p[1])[2];

    // at the centre a 30° pan magnifies by sec³(30°) in area: log scale 1.5·ln(sec 30°) = 0.216
    assertThat(atCentre).isCloseTo(1.5 * Math.log(1 / Math.cos(Math.toRadians(30))), within(1e-6));
    assertThat(atSymmetric).isCloseTo(0.0, within(1e-3));
    // the symmetric point lies f·tan(15°) before the centre, on the centre row
    assertThat(p[0]).isCloseTo(CX - F * Math.tan(Math.toRadians(15)), within(0.5));
    assertThat(p[1]).isCloseTo(CY, within(1e-6));
  }

  @Test
  void shouldReadTheZoomAloneWhenTheCameraPansAndZooms() {
    Homography h = pan(-20, 1.25);

    double[] p = h.symmetricPoint(CX, CY);

    // within 1 % of the zoom (the zoom shifts the point a little off the pan's own symmetric
    // point); read at the centre, the pan would add 1.5·ln(sec 20°) = 0.096 to the log scale
    assertThat(h.localMotion(p[0], p[1])[2]).isCloseTo(Math.log(1.25), within(0.015));
    assertThat(h.localMotion(CX, CY)[2]).isGreaterThan(Math.log(1.25) + 0.09);
    assertThat(Homography.IDENTITY.symmetricPoint(CX, CY)).containsExactly(CX, CY);
  }

  @Test
  void shouldFindNoAnisotropyInAZoomButAsMuchAsTheScaleInASidewaysTranslationsStretch() {
    // a 20 % zoom with a 10° pan: a similarity about the symmetric point
    Homography zoom = pan(10, 1.2);
    double[] p = zoom.symmetricPoint(CX, CY);
    assertThat(zoom.anisotropy(p[0], p[1])).isLessThan(0.01);
    // a truck over a plane slanted about the vertical axis: I + t nᵀ/d stretches x only
    double k = 0.1;
    Homography truck = new Homography(new double[] {1 + k, 0, -k * CX, 0, 1, 0, 0, 0, 1});
    double logScale = truck.localMotion(CX, CY)[2];
    assertThat(truck.anisotropy(CX, CY)).isCloseTo(k / (2 + k), within(1e-9));
    assertThat(logScale / truck.anisotropy(CX, CY))
        .isLessThan(MotionDecision.MIN_ZOOM_ISOTROPY / 2);
  }

  /** Tracks on a grid over the frame, each moved where {@code h} carries it. */
  private static List<TrackMotion> tracksUnder(Homography h) {
    List<TrackMotion> tracks = new ArrayList<>();
    for (int x = 10; x < 320; x += 20) {
      for (int y = 10; y < 180; y += 20) {
        double[] p = h.apply(x, y);
        tracks.add(new TrackMotion(tracks.size(), x, y, p[0] - x, p[1] - y));
      }
    }
    return tracks;
  }

  @Test
  void shouldFindEveryTurnACameraMakesInAWindowPlausibleWhenEvenFortyFiveDegrees() {
    List<TrackMotion> grid = tracksUnder(Homography.IDENTITY);
    assertThat(pan(10, 1.0).plausibleOver(grid)).isTrue();
    assertThat(pan(-30, 1.3).plausibleOver(grid)).isTrue();
    // 45° through a 60° lens: the denominator runs 0.30-1.11 over the frame, a ratio of 3.6
    assertThat(pan(45, 1.0).plausibleOver(grid)).isTrue();
    assertThat(Homography.IDENTITY.plausibleOver(grid)).isTrue();
  }

  @Test
  void shouldFindAFitImplausibleWhenItsLineAtInfinityCrossesOrNearsTheTracks() {
    List<TrackMotion> grid = tracksUnder(Homography.IDENTITY);
    // the line at infinity x = 200 runs through the frame
    assertThat(
            new Homography(new double[] {1, 0, 0, 0, 1, 0, -1 / 200.0, 0, 1}).plausibleOver(grid))
        .isFalse();
    // the same map scaled by -1 is the same map
    assertThat(
            new Homography(new double[] {-1, 0, 0, 0, -1, 0, 1 / 200.0, 0, -1}).plausibleOver(grid))
        .isFalse();
    // denominator from 1 down to 0.2 across the tracks: a ratio of 5
    double slope = -0.8 / 300;
    assertThat(new Homography(new double[] {1, 0, 0, 0, 1, 0, slope, 0, 1}).plausibleOver(grid))
        .isFalse();
    // an affine map always passes
    assertThat(
            new Homography(new double[] {1.2, 0.1, 5, -0.1, 1.2, 3, 0, 0, 1}).plausibleOver(grid))
        .isTrue();
  }

  @Test
  void shouldNotTakeAHomographyNoCameraCouldMakeWhenItFitsTheTracksExactly() {
    // every track carried exactly by a map whose denominator falls from 1 to 0.2 across them:
    // the homography explains them all, the affine fit few
    double slope = -0.8 / 300;
    Homography degenerate = new Homography(new double[] {1, 0, 0, 0, 1, 0, slope, 0, 1});
    List<TrackMotion> tracks = tracksUnder(degenerate);
    try (PointerScope scope = new PointerScope()) {
      Homography fit = Homography.dominant(tracks, 1.0);
      assertThat(fit == null || fit.plausibleOver(tracks)).as("fit %s", fit).isTrue();
      if (fit != null) {
        assertThat(fit.m()[6]).isZero();
        assertThat(fit.m()[7]).isZero();
      }
    }
  }
}
