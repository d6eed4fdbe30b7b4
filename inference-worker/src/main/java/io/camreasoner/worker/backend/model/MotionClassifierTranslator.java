package io.camreasoner.worker.backend.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * DJL translator of motion classifiers: a {@link FeatureBatch} becomes one {@code float32[N, F]}
 * tensor; the model's single output {@code float32[N, outputs]} becomes {@code float[N][outputs]}.
 * The batch is already a tensor, so no DJL batchifier is involved. Stateless and thread-safe.
 */
public final class MotionClassifierTranslator
    implements NoBatchifyTranslator<FeatureBatch, float[][]> {

  private final int outputs;

  /** A translator for models with {@code outputs} scores per row. */
  public MotionClassifierTranslator(int outputs) {
    this.outputs = outputs;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, FeatureBatch input) {
    NDArray x = ctx.getNDManager().create(input.flat(), new Shape(input.size(), input.width()));
    x.setName("features");
    return new NDList(x);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray y = list.get(0);
    Shape shape = y.getShape();
    if (shape.dimension() != 2 || shape.get(1) != outputs) {
      throw new IllegalStateException(
          "motion classifier output has shape " + shape + ", expected (N, " + outputs + ")");
    }
    float[] flat = y.toType(DataType.FLOAT32, false).toFloatArray();
    int n = (int) shape.get(0);
    float[][] out = new float[n][outputs];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * outputs, out[i], 0, outputs);
    }
    return out;
  }
}
