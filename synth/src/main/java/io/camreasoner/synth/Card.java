package io.camreasoner.synth;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A textured fronto-parallel card: the plane z = {@code z} covering [x0, x0 + w] x [y0, y0 + h] in
 * scene units at time 0, drifting at ({@code vx}, {@code vy}) units per second (0 for scenery). The
 * texture's pixels are spread evenly over the card.
 */
record Card(Mat texture, double x0, double y0, double w, double h, double z, double vx, double vy) {

  /** A still square card of side {@code 2 * half} centred on the optical axis at depth z. */
  static Card backdrop(Mat texture, double z, double half) {
    return new Card(texture, -half, -half, 2 * half, 2 * half, z, 0, 0);
  }

  /** A still card of side {@code size} centred at (cx, cy) at depth z. */
  static Card still(Mat texture, double z, double cx, double cy, double size) {
    return new Card(texture, cx - size / 2, cy - size / 2, size, size, z, 0, 0);
  }
}
