package io.camreasoner.synth;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How a scene places its random still cards: a card at depth z has side {@code z * (minSize +
 * sizeRange * u)} and its centre lies uniformly within {@code ±xSpread / 2} of the half-view width
 * at that depth (and {@code ±ySpread / 2} of the half-view height), so cards look alike in size and
 * spread whatever their depth.
 *
 * @param minSize smallest side, in units per unit of depth
 * @param sizeRange extra side drawn uniformly on top of {@code minSize}
 * @param xSpread width of the band of centres, in half-view widths (2 = the whole view)
 * @param ySpread height of the band of centres, in half-view heights
 */
record CardLayout(double minSize, double sizeRange, double xSpread, double ySpread) {

  /** {@link ClipRenderer}'s cards: large, some reaching past the edges of the view. */
  static final CardLayout GROUND_TRUTH = new CardLayout(0.18, 0.14, 1.7, 1.3);

  /**
   * {@link LayeredScene}'s cards (the benchmark's varied clips and the reasoner's tests were tuned
   * on them): smaller, within the view.
   */
  static final CardLayout STRESS = new CardLayout(0.12, 0.1, 1.6, 1.2);

  /**
   * A still card at depth z placed by this layout: draws its size, then x, then y, then its texture
   * from {@code texture} (that order is part of every seeded scene's pixels).
   */
  Card place(double z, SceneCamera camera, RandomGenerator random, Supplier<Mat> texture) {
    double halfView = camera.halfViewAt(z);
    double size = z * (minSize + sizeRange * random.nextDouble());
    double cx = (random.nextDouble() * xSpread - xSpread / 2) * halfView;
    double cy =
        (random.nextDouble() * ySpread - ySpread / 2) * halfView * camera.height() / camera.width();
    return Card.still(texture.get(), z, cx, cy, size);
  }
}
