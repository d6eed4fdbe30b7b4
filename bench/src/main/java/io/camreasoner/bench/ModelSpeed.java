package io.camreasoner.bench;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.reasoner.GeometricReasoner;
import io.camreasoner.worker.backend.model.FeatureBatch;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The learned model's CPU speed on one core, measured in the accuracy run after the clips are
 * scored, on one thread: windows per second of the model call alone (ONNX Runtime with one intra-op
 * thread, batches of 32 and of 1), and of whole windows through the {@code geometry} backend's path
 * ({@link GeometricReasoner#reason}) and the {@code model} backend's ({@link
 * GeometricReasoner#analyse}, which adds the motion features, then the model), interleaved over the
 * same windows. JPEG decoding and Kafka are not included.
 *
 * @param batchedWindowsPerSecond model calls over batches of 32 windows
 * @param singleWindowsPerSecond model calls of one window each
 * @param geometryWindowsPerSecond whole windows through the geometric reasoner
 * @param modelPathWindowsPerSecond whole windows through analysis, features and the model
 * @param windows how many distinct windows were cycled
 */
record ModelSpeed(
    double batchedWindowsPerSecond,
    double singleWindowsPerSecond,
    double geometryWindowsPerSecond,
    double modelPathWindowsPerSecond,
    int windows) {

  private static final double SECONDS = 1.0;

  /** Times the predictor and the two paths (a few seconds, one thread). */
  static ModelSpeed measure(
      Predictor<FeatureBatch, float[][]> predictor,
      float[][] features,
      List<AnalysisWindow> windows,
      GeometricReasoner reasoner)
      throws TranslateException {
    float[][] batch = new float[32][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = features[i % features.length];
    }
    FeatureBatch big = new FeatureBatch(batch);
    FeatureBatch one = new FeatureBatch(new float[][] {features[0]});
    for (int i = 0; i < 50; i++) { // warm-up
      predictor.predict(big);
      predictor.predict(one);
    }
    double batched = rate(predictor, big);
    double single = rate(predictor, one);
    long geometryNanos = 0;
    long modelNanos = 0;
    for (int round = 0; round < 2; round++) {
      for (AnalysisWindow w : windows) {
        long t0 = System.nanoTime();
        reasoner.reason(w);
        long t1 = System.nanoTime();
        float[] f = reasoner.analyse(w).features().values();
        predictor.predict(new FeatureBatch(new float[][] {f}));
        long t2 = System.nanoTime();
        if (round > 0) { // the first round warms up
          geometryNanos += t1 - t0;
          modelNanos += t2 - t1;
        }
      }
    }
    return new ModelSpeed(
        batched,
        single,
        windows.size() / (geometryNanos / 1e9),
        windows.size() / (modelNanos / 1e9),
        windows.size());
  }

  private static double rate(Predictor<FeatureBatch, float[][]> p, FeatureBatch b)
      throws TranslateException {
    long windows = 0;
    long start = System.nanoTime();
    long end = start + (long) (SECONDS * 1e9);
    while (System.nanoTime() < end) {
      p.predict(b);
      windows += b.size();
    }
    return windows / ((System.nanoTime() - start) / 1e9);
  }

  /** The figures as report lines. */
  void print(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Speed on one core (CPU, one thread; GPU not measured here): the model alone (ONNX Runtime,"
            + " 1 intra-op thread) %.0f windows/s in batches of 32, %.0f windows/s one at a time;%n"
            + "whole windows (%d, interleaved): geometry backend %.1f windows/s, model backend"
            + " (analysis + features + model) %.1f windows/s%n",
        batchedWindowsPerSecond,
        singleWindowsPerSecond,
        windows,
        geometryWindowsPerSecond,
        modelPathWindowsPerSecond);
  }
}
