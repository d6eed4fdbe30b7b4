package io.camreasoner.training;

import ai.djl.inference.Predictor;
import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.worker.backend.model.FeatureBatch;
import io.camreasoner.worker.backend.model.MotionModel;
import io.camreasoner.worker.backend.model.OnnxModelWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains the motion model and ships it: reads the {@code bench dataset} files, trains with {@link
 * MlpTrainer} (PyTorch on CPU through DJL), writes the ONNX model with {@link OnnxModelWriter}
 * (opset 13) and its {@code .sha256}, reloads it through DJL's ONNX Runtime engine and checks that
 * it reproduces PyTorch's validation scores within {@value #PARITY_TOLERANCE}, then prints the
 * validation figures of the model, the geometric reasoner and their blend and the blend weight that
 * validation prefers. Exit code 1 when the parity check fails.
 */
@Command(
    name = "camreasoner-training",
    mixinStandardHelpOptions = true,
    description = "Trains the motion model (PyTorch via DJL, CPU) and exports it to ONNX.")
public final class TrainCommand implements Callable<Integer> {

  /** Largest accepted difference between ONNX Runtime's and PyTorch's scores. */
  static final double PARITY_TOLERANCE = 1e-5;

  @Spec CommandSpec spec;

  @Option(
      names = "--train",
      required = true,
      description =
          "Training CSV (bench dataset); repeat it to train on several files, read in the order"
              + " given.")
  List<Path> train;

  @Option(names = "--val", required = true, description = "Validation CSV (other seeds).")
  Path val;

  @Option(names = "--out", required = true, description = "The .onnx file to write.")
  Path out;

  @Option(
      names = "--hidden",
      defaultValue = "64,64",
      split = ",",
      description = "Hidden layer widths (default ${DEFAULT-VALUE}).")
  List<Integer> hidden;

  @Option(names = "--epochs", defaultValue = "1000", description = "Most epochs.")
  int epochs;

  @Option(names = "--patience", defaultValue = "40", description = "Early-stopping patience.")
  int patience;

  @Option(names = "--batch", defaultValue = "64", description = "Mini-batch size.")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate.")
  float learningRate;

  @Option(names = "--weight-decay", defaultValue = "0.0001", description = "L2 weight decay.")
  float weightDecay;

  @Option(names = "--seed", defaultValue = "42", description = "Training seed.")
  long seed;

  /** Runs the command (exit code as described in the class comment). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    Dataset trainSet = Dataset.read(train);
    Dataset valSet = Dataset.read(val);
    Hyperparameters hp =
        new Hyperparameters(hidden, epochs, patience, batch, learningRate, weightDecay, seed);
    console.printf(
        Locale.ROOT,
        "training on %d windows (%s), validating on %d (%s); %d features (%s); %s%n",
        trainSet.size(),
        seedRange(trainSet),
        valSet.size(),
        seedRange(valSet),
        MotionFeatures.COUNT,
        MotionFeatures.VERSION,
        hp.describe());
    console.flush();
    MlpTrainer.Result r =
        new MlpTrainer(hp)
            .train(
                trainSet.features(),
                trainSet.targets(),
                valSet.features(),
                valSet.targets(),
                epoch -> {
                  if (epoch % 50 == 0) {
                    console.printf(Locale.ROOT, "  epoch %d%n", epoch);
                    console.flush();
                  }
                });
    console.printf(
        Locale.ROOT,
        "best epoch %d of %d run: validation loss %.5f (training loss %.5f), %d parameters, %.1f"
            + " s%n",
        r.bestEpoch(),
        r.epochsRun(),
        r.bestValidationLoss(),
        r.trainingLoss(),
        r.weights().parameterCount(),
        r.seconds());

    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("camreasoner.features", MotionFeatures.VERSION);
    metadata.put("camreasoner.labels", "MotionLabel order, sigmoid scores");
    metadata.put(
        "camreasoner.training.data", seedRange(trainSet) + "; validation " + seedRange(valSet));
    metadata.put("camreasoner.training.hyperparameters", hp.describe());
    metadata.put("camreasoner.training.best-epoch", Integer.toString(r.bestEpoch()));
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OnnxModelWriter.write(
        r.weights(),
        "CamReasoner motion classifier: "
            + MotionFeatures.COUNT
            + " motion features -> 15 label scores",
        metadata,
        out);
    String sha = sha256(out);
    Files.writeString(
        out.resolveSibling(out.getFileName() + ".sha256"),
        sha + "  " + out.getFileName() + "\n",
        StandardCharsets.UTF_8);
    console.printf(Locale.ROOT, "wrote %s (%d bytes, sha256 %s)%n", out, Files.size(out), sha);

    double parity = parity(out, valSet.features(), r.validationScores());
    console.printf(
        Locale.ROOT,
        "ONNX Runtime vs PyTorch on %d validation windows: max |difference| %.2e (tolerance"
            + " %.0e)%n",
        valSet.size(),
        parity,
        PARITY_TOLERANCE);

    Evaluation.Figures g = Evaluation.geometry(valSet);
    Evaluation.Figures m = Evaluation.blended(valSet, r.validationScores(), 1);
    double w = Evaluation.bestWeight(valSet, r.validationScores());
    console.printf(Locale.ROOT, "validation figures (exact label set accuracy, mean AP):%n");
    console.printf(
        Locale.ROOT, "  geometry           %.4f  %.4f%n", g.accuracy(), g.meanAveragePrecision());
    console.printf(
        Locale.ROOT, "  model              %.4f  %.4f%n", m.accuracy(), m.meanAveragePrecision());
    for (double weight : Evaluation.WEIGHTS) {
      Evaluation.Figures e = Evaluation.blended(valSet, r.validationScores(), weight);
      console.printf(
          Locale.ROOT,
          "  blend weight %.1f   %.4f  %.4f%s%n",
          weight,
          e.accuracy(),
          e.meanAveragePrecision(),
          weight == w ? "  <- best on validation" : "");
    }
    console.flush();
    return parity <= PARITY_TOLERANCE ? 0 : 1;
  }

  /** Largest difference between the ONNX model's scores (ONNX Runtime) and the expected ones. */
  static double parity(Path onnx, float[][] x, float[][] expected) throws Exception {
    double max = 0;
    try (MotionModel model = MotionModel.load(onnx, "OnnxRuntime", 1);
        Predictor<FeatureBatch, float[][]> p = model.newPredictor()) {
      float[][] got = p.predict(new FeatureBatch(x));
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < expected[i].length; j++) {
          max = Math.max(max, Math.abs(got[i][j] - expected[i][j]));
        }
      }
    }
    return max;
  }

  private static String seedRange(Dataset d) {
    long min = d.rows().stream().mapToLong(Dataset.Row::seed).min().orElse(0);
    long max = d.rows().stream().mapToLong(Dataset.Row::seed).max().orElse(0);
    return "seeds " + min + "-" + max;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
