package io.camreasoner.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The baseline the throughput benches divide by: plain FFmpeg decoding of a file, as {@code ffmpeg
 * -threads N -i FILE -f null -} does it (every frame decoded, no pixel conversion, nothing else),
 * measured in the same run as the figure it is compared with.
 */
public final class FfmpegDecode {
  private FfmpegDecode() {}

  /** Seconds to decode every frame of {@code file} once with {@code threads} decoding threads. */
  public static double seconds(Path file, int threads) throws Exception {
    long t0 = System.nanoTime();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setVideoOption("threads", String.valueOf(threads));
      g.start();
      // doProcessing false: the decoded frame as FFmpeg returns it, no conversion to BGR
      while (g.grabFrame(false, true, false, false) != null) {
        // decode only
      }
      g.stop();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Seconds {@code ffmpeg -threads N -i FILE -f null -} takes with the {@code ffmpeg} executable on
   * the PATH (e.g. Debian's), or NaN when there is none or it fails: a second opinion on {@link
   * #seconds}, from another FFmpeg build.
   */
  public static double executableSeconds(Path file, int threads) {
    List<String> cmd =
        List.of(
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-threads",
            String.valueOf(threads),
            "-i",
            file.toString(),
            "-map",
            "0:v:0",
            "-f",
            "null",
            "-");
    try {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return Double.NaN;
      }
      return p.exitValue() == 0 ? (System.nanoTime() - t0) / 1e9 : Double.NaN;
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }
}
