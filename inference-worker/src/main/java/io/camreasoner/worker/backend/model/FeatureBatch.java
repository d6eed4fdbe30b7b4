package io.camreasoner.worker.backend.model;

/**
 * The input of one model call: one row of {@link io.camreasoner.reasoner.MotionFeatures} per
 * window.
 *
 * @param rows {@code rows[i]} is the feature vector of window i; all rows have the same length
 */
public record FeatureBatch(float[][] rows) {

  public FeatureBatch {
    if (rows.length == 0) {
      throw new IllegalArgumentException("a feature batch needs at least one row");
    }
    int f = rows[0].length;
    for (float[] r : rows) {
      if (r.length != f) {
        throw new IllegalArgumentException(
            "feature rows differ in length: " + f + " and " + r.length);
      }
    }
  }

  /** Number of rows (windows). */
  public int size() {
    return rows.length;
  }

  /** Number of features per row. */
  public int width() {
    return rows[0].length;
  }

  /** The rows flattened in row-major order. */
  public float[] flat() {
    float[] out = new float[size() * width()];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * width(), width());
    }
    return out;
  }
}
