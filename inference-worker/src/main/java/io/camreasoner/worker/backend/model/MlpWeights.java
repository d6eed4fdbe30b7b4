package io.camreasoner.worker.backend.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Weights of a motion classifier: a multi-layer perceptron over a standardized feature vector,
 * {@code sigmoid(dense_L(relu(… relu(dense_1((x - inputMean) * inputScale)))))}, where {@code
 * dense_k(h) = h·weights[k] + biases[k]}. What training produces and {@link OnnxModelWriter}
 * writes; {@link #scores(float[])} is the same math in Java, the reference tests compare the
 * engines with.
 *
 * @param inputMean {@code [F]} subtracted from the input
 * @param inputScale {@code [F]} multiplied into the centred input (1 / standard deviation)
 * @param weights per layer {@code [in][out]}; the first {@code in} is F, the last {@code out} the
 *     number of scores
 * @param biases per layer {@code [out]}
 */
public record MlpWeights(
    float[] inputMean, float[] inputScale, List<float[][]> weights, List<float[]> biases) {

  /** Checks that the shapes chain. */
  public MlpWeights {
    weights = List.copyOf(weights);
    biases = List.copyOf(biases);
    if (weights.isEmpty() || weights.size() != biases.size()) {
      throw new IllegalArgumentException("an MLP needs as many bias vectors as weight matrices");
    }
    int in = inputMean.length;
    if (inputScale.length != in) {
      throw new IllegalArgumentException("inputMean and inputScale must both be [F]");
    }
    for (int k = 0; k < weights.size(); k++) {
      float[][] w = weights.get(k);
      if (w.length != in || w[0].length != biases.get(k).length) {
        throw new IllegalArgumentException(
            "layer " + k + " must be [" + in + "][out] with a bias of [out]");
      }
      for (float[] row : w) {
        if (row.length != w[0].length) {
          throw new IllegalArgumentException("layer " + k + " has ragged rows");
        }
      }
      in = w[0].length;
    }
  }

  /** A one-hidden-layer classifier without input standardization (mean 0, scale 1). */
  public static MlpWeights of(float[][] w1, float[] b1, float[][] w2, float[] b2) {
    float[] mean = new float[w1.length];
    float[] scale = new float[w1.length];
    Arrays.fill(scale, 1f);
    return new MlpWeights(mean, scale, List.of(w1, w2), List.of(b1, b2));
  }

  /** Input width F. */
  public int inputs() {
    return inputMean.length;
  }

  /** Output width (number of scores). */
  public int outputs() {
    return biases.get(biases.size() - 1).length;
  }

  /** Widths of the hidden layers, input side first. */
  public List<Integer> hidden() {
    List<Integer> h = new ArrayList<>();
    for (int k = 0; k < biases.size() - 1; k++) {
      h.add(biases.get(k).length);
    }
    return h;
  }

  /** Number of weights and biases. */
  public int parameterCount() {
    int n = 0;
    for (int k = 0; k < weights.size(); k++) {
      n += weights.get(k).length * weights.get(k)[0].length + biases.get(k).length;
    }
    return n;
  }

  /** The model's scores of one input, computed in Java (float inputs, double accumulation). */
  public float[] scores(float[] x) {
    if (x.length != inputs()) {
      throw new IllegalArgumentException("input has " + x.length + " values, expected " + inputs());
    }
    float[] h = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      h[i] = (x[i] - inputMean[i]) * inputScale[i];
    }
    for (int k = 0; k < weights.size(); k++) {
      float[][] w = weights.get(k);
      float[] b = biases.get(k);
      float[] next = new float[b.length];
      boolean last = k == weights.size() - 1;
      for (int j = 0; j < b.length; j++) {
        double s = b[j];
        for (int i = 0; i < h.length; i++) {
          s += h[i] * w[i][j];
        }
        next[j] = (float) (last ? 1 / (1 + Math.exp(-s)) : Math.max(0, s));
      }
      h = next;
    }
    return h;
  }
}
