package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_16SC;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.add;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.RNG;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * How a {@link LayeredScene} draws zero-mean Gaussian sensor noise into its frames, from a random
 * source that the scene seeds afresh for every {@link LayeredScene#render render} call. Both models
 * give the same noise statistics; they differ in their draws, so each keeps the pixels of the
 * scenes that were tuned or benchmarked with it.
 */
public enum SensorNoise {
  /**
   * One {@link Random#nextGaussian()} per pixel, added rounded and clamped to 0..255 (the
   * reasoner's unit-test scenes).
   */
  PER_PIXEL {
    @Override
    void addTo(Mat frame, double sigma, Random random) {
      byte[] px = new byte[(int) (frame.total() * frame.channels())];
      frame.data().get(px);
      addGaussian(px, sigma, random::nextGaussian);
      frame.data().put(px);
    }
  },
  /**
   * OpenCV's normal random generator, seeded once per frame from the random source, filling a
   * 16-bit noise image that is added with saturation (the benchmark's varied clips; much faster at
   * large frame sizes).
   */
  OPENCV_PER_FRAME {
    @Override
    void addTo(Mat frame, double sigma, Random random) {
      try (PointerScope scope = new PointerScope()) {
        int wide = CV_16SC(frame.channels());
        RNG rng = new RNG(random.nextLong());
        Mat noise = new Mat(frame.rows(), frame.cols(), wide);
        rng._fill(
            noise,
            RNG.NORMAL,
            new Mat(1, 1, CV_64F, new Scalar(0)),
            new Mat(1, 1, CV_64F, new Scalar(sigma)));
        Mat sum = new Mat();
        frame.convertTo(sum, wide);
        add(sum, noise, sum);
        sum.convertTo(frame, frame.type());
      }
    }
  };

  /** Adds noise of standard deviation {@code sigma} grey levels to an 8-bit frame in place. */
  abstract void addTo(Mat frame, double sigma, Random random);

  /**
   * Adds {@code round(gaussian * sigma)} to every byte of 8-bit pixels in place, clamped to 0..255;
   * {@code gaussian} yields standard normal draws.
   */
  static void addGaussian(byte[] px, double sigma, DoubleSupplier gaussian) {
    for (int i = 0; i < px.length; i++) {
      int v = (px[i] & 0xff) + (int) Math.round(gaussian.getAsDouble() * sigma);
      px[i] = (byte) Math.max(0, Math.min(255, v));
    }
  }
}
