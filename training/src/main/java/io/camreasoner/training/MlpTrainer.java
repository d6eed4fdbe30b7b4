package io.camreasoner.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.camreasoner.worker.backend.model.MlpWeights;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Trains the motion classifier with PyTorch through DJL's PyTorch engine (CPU): a multi-layer
 * perceptron over standardized motion features, one logit per label, multi-label sigmoid binary
 * cross-entropy, Adam, shuffled mini-batches, early stopping on the validation loss (the best
 * epoch's weights are kept). Deterministic for a seed on one machine: DJL seeds PyTorch's
 * initialisation, the shuffling uses {@link Random}, and PyTorch should run on one thread ({@code
 * -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}).
 */
public final class MlpTrainer {

  /** What training produced. */
  public record Result(
      MlpWeights weights,
      int bestEpoch,
      int epochsRun,
      double bestValidationLoss,
      double trainingLoss,
      float[][] validationScores,
      double seconds) {}

  private final Hyperparameters hp;

  /** A trainer with these hyper-parameters. */
  public MlpTrainer(Hyperparameters hp) {
    this.hp = hp;
  }

  /**
   * Trains on {@code train}, early-stopping on {@code validation}.
   *
   * @param progress called with each finished epoch number (for progress lines)
   * @return the best weights (with the training set's standardization folded in as the model's
   *     input mean and scale) and PyTorch's own scores of the validation windows with them
   */
  public Result train(
      float[][] trainX, float[][] trainY, float[][] valX, float[][] valY, IntConsumer progress) {
    long start = System.nanoTime();
    int features = trainX[0].length;
    int outputs = trainY[0].length;
    float[][] norm = standardization(trainX);
    float[] trainFlat = standardized(trainX, norm);
    float[] valFlat = standardized(valX, norm);
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) hp.seed());
    Random shuffle = new Random(hp.seed());
    SequentialBlock net = new SequentialBlock();
    for (int h : hp.hidden()) {
      net.add(Linear.builder().setUnits(h).build());
      net.add(Activation::relu);
    }
    net.add(Linear.builder().setUnits(outputs).build());
    Loss loss = Loss.sigmoidBinaryCrossEntropyLoss("bce", 1, false);
    Optimizer adam =
        Optimizer.adam()
            .optLearningRateTracker(Tracker.fixed(hp.learningRate()))
            .optWeightDecays(hp.weightDecay())
            .build();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss)
            .optOptimizer(adam)
            .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    try (Model model = Model.newInstance("motion-mlp", "PyTorch")) {
      model.setBlock(net);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(hp.batchSize(), features));
        NDManager manager = trainer.getManager();
        int n = trainX.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        double bestLoss = Double.POSITIVE_INFINITY;
        List<float[]> best = snapshot(net);
        int bestEpoch = 0;
        int epoch = 0;
        double lastTrainLoss = Double.NaN;
        while (epoch < hp.epochs() && epoch - bestEpoch < hp.patience()) {
          epoch++;
          shuffle(order, shuffle);
          double sum = 0;
          for (int from = 0; from < n; from += hp.batchSize()) {
            int b = Math.min(hp.batchSize(), n - from);
            float[] x = new float[b * features];
            float[] y = new float[b * outputs];
            for (int i = 0; i < b; i++) {
              System.arraycopy(trainFlat, order[from + i] * features, x, i * features, features);
              System.arraycopy(trainY[order[from + i]], 0, y, i * outputs, outputs);
            }
            try (NDManager step = manager.newSubManager()) {
              NDArray xs = step.create(x, new Shape(b, features));
              NDArray ys = step.create(y, new Shape(b, outputs));
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(xs)).singletonOrThrow();
                NDArray l = loss.evaluate(new NDList(ys), new NDList(logits));
                sum += l.getFloat() * b;
                gc.backward(l);
              }
              trainer.step();
            }
          }
          lastTrainLoss = sum / n;
          double valLoss = validationLoss(trainer, loss, valFlat, valY, features, outputs);
          if (valLoss < bestLoss - 1e-6) {
            bestLoss = valLoss;
            best = snapshot(net);
            bestEpoch = epoch;
          }
          progress.accept(epoch);
        }
        restore(net, best);
        float[][] valScores = scores(trainer, valFlat, valX.length, features, outputs);
        MlpWeights weights = weights(best, norm, features, outputs);
        return new Result(
            weights,
            bestEpoch,
            epoch,
            bestLoss,
            lastTrainLoss,
            valScores,
            (System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** Per-feature {mean, 1 / standard deviation} of the training windows (scale 1 if constant). */
  static float[][] standardization(float[][] x) {
    int f = x[0].length;
    float[] mean = new float[f];
    float[] scale = new float[f];
    for (int j = 0; j < f; j++) {
      double s = 0;
      for (float[] row : x) {
        s += row[j];
      }
      double m = s / x.length;
      double v = 0;
      for (float[] row : x) {
        v += (row[j] - m) * (row[j] - m);
      }
      double sd = Math.sqrt(v / x.length);
      mean[j] = (float) m;
      scale[j] = sd > 1e-8 ? (float) (1 / sd) : 1f;
    }
    return new float[][] {mean, scale};
  }

  /** Rows standardized exactly as the exported graph does it: (x - mean) * scale in float32. */
  static float[] standardized(float[][] x, float[][] norm) {
    int f = x[0].length;
    float[] out = new float[x.length * f];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < f; j++) {
        out[i * f + j] = (x[i][j] - norm[0][j]) * norm[1][j];
      }
    }
    return out;
  }

  private static double validationLoss(
      Trainer trainer, Loss loss, float[] valFlat, float[][] valY, int features, int outputs) {
    int n = valY.length;
    float[] y = new float[n * outputs];
    for (int i = 0; i < n; i++) {
      System.arraycopy(valY[i], 0, y, i * outputs, outputs);
    }
    try (NDManager m = trainer.getManager().newSubManager()) {
      NDArray xs = m.create(valFlat, new Shape(n, features));
      NDArray ys = m.create(y, new Shape(n, outputs));
      NDArray logits = trainer.evaluate(new NDList(xs)).singletonOrThrow();
      return loss.evaluate(new NDList(ys), new NDList(logits)).getFloat();
    }
  }

  /** PyTorch's sigmoid scores of standardized rows with the network's current weights. */
  private static float[][] scores(Trainer trainer, float[] flat, int n, int features, int outputs) {
    try (NDManager m = trainer.getManager().newSubManager()) {
      NDArray xs = m.create(flat, new Shape(n, features));
      NDArray logits = trainer.evaluate(new NDList(xs)).singletonOrThrow();
      float[] s = Activation.sigmoid(logits).toFloatArray();
      float[][] out = new float[n][outputs];
      for (int i = 0; i < n; i++) {
        System.arraycopy(s, i * outputs, out[i], 0, outputs);
      }
      return out;
    }
  }

  /** Copies of every parameter, in block order. */
  private static List<float[]> snapshot(SequentialBlock net) {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : net.getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  private static void restore(SequentialBlock net, List<float[]> values) {
    int i = 0;
    for (Pair<String, Parameter> p : net.getParameters()) {
      p.getValue().getArray().set(FloatBuffer.wrap(values.get(i++)));
    }
  }

  /**
   * The snapshot as {@link MlpWeights}: DJL's Linear weight is [out][in], ONNX MatMul [in][out].
   */
  private MlpWeights weights(List<float[]> params, float[][] norm, int features, int outputs) {
    List<float[][]> ws = new ArrayList<>();
    List<float[]> bs = new ArrayList<>();
    int in = features;
    List<Integer> widths = new ArrayList<>(hp.hidden());
    widths.add(outputs);
    for (int k = 0; k < widths.size(); k++) {
      int out = widths.get(k);
      float[] w = params.get(2 * k);
      float[] b = params.get(2 * k + 1);
      float[][] t = new float[in][out];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          t[i][o] = w[o * in + i];
        }
      }
      ws.add(t);
      bs.add(b.clone());
      in = out;
    }
    return new MlpWeights(norm[0], norm[1], ws, bs);
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
