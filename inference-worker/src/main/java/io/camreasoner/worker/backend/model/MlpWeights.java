package io.camreasoner.worker.backend.model;

/**
 * Weights of the cue classifier's shape: {@code sigmoid(relu(x·w1 + b1)·w2 + b2)}, input {@code [N,
 * F]}, hidden {@code H}, output {@code [N, O]}. What training produces and {@link OnnxModelWriter}
 * writes.
 *
 * @param w1 {@code [F][H]}
 * @param b1 {@code [H]}
 * @param w2 {@code [H][O]}
 * @param b2 {@code [O]}
 */
public record MlpWeights(float[][] w1, float[] b1, float[][] w2, float[] b2) {

  public MlpWeights {
    if (w1.length == 0 || w1[0].length != b1.length || w2.length != b1.length) {
      throw new IllegalArgumentException("w1 must be [F][H], b1 [H], w2 [H][O]");
    }
    if (w2[0].length != b2.length) {
      throw new IllegalArgumentException("w2 must be [H][O] and b2 [O]");
    }
  }

  /** Input width F. */
  public int inputs() {
    return w1.length;
  }

  /** Hidden width H. */
  public int hidden() {
    return b1.length;
  }

  /** Output width O. */
  public int outputs() {
    return b2.length;
  }
}
