package io.camreasoner.bench;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The baseline the throughput benches divide by: plain FFmpeg decoding of a file (every frame
 * decoded to an image, nothing else), measured in the same run as the figure it is compared with.
 */
public final class FfmpegDecode {
  private FfmpegDecode() {}

  /** Seconds to decode every frame of {@code file} once. */
  public static double seconds(Path file) throws Exception {
    long t0 = System.nanoTime();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      while (g.grabImage() != null) {
        // decode only
      }
      g.stop();
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
