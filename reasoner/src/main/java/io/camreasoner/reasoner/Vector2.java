package io.camreasoner.reasoner;

/**
 * The length of a plane vector, the reasoner's most frequent arithmetic (every residual, flow and
 * distance). {@link Math#hypot} guards against overflow and underflow at every call and, under the
 * C1-only JIT the launcher uses, runs StrictMath's Java fdlibm at two to three times the cost of
 * this method; the pixel-scale values measured here square safely, so the square root of the sum of
 * squares is used, and {@link Math#hypot} only where the squares would leave the normal range
 * (homogeneous coordinates near infinity, zero or NaN).
 */
final class Vector2 {

  private Vector2() {}

  /** {@code sqrt(x^2 + y^2)}: within two ulps of {@link Math#hypot}, with its overflow handling. */
  static double length(double x, double y) {
    double squares = x * x + y * y;
    if (squares >= Double.MIN_NORMAL && squares < Double.POSITIVE_INFINITY) {
      return Math.sqrt(squares);
    }
    return Math.hypot(x, y);
  }
}
