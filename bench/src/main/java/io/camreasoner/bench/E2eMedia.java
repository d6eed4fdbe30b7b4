package io.camreasoner.bench;

import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The programmes {@code bench e2e} measures on: a synthetic programme (rendered scenes with known
 * cuts and camera motion, fast pans, flashes and movers inside shots) encoded as H.264 (default),
 * MPEG-4 part 2 or HEVC, rendered once and kept in a cache directory.
 *
 * <p>H.264 and MPEG-4 are encoded by the FFmpeg JavaCV ships (H.264 through libopenh264). That
 * FFmpeg has no software HEVC encoder, so HEVC is transcoded from the H.264 programme by an {@code
 * ffmpeg} executable with libx265 on the PATH (Debian's {@code ffmpeg} package has it); without
 * one, HEVC is {@linkplain #hevcUnavailable() unavailable} and the bench says so.
 */
final class E2eMedia {
  /** The codecs a programme can be measured in. */
  enum Codec {
    H264,
    MPEG4,
    HEVC;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** HEVC's bit rate as a share of H.264's for the same picture (x265's usual saving). */
  static final double HEVC_RATE_SHARE = 0.6;

  /** Longest shot of the e2e programmes in seconds: about 6 s on average, as broadcast cuts. */
  static final double MAX_SHOT_SECONDS = 10.5;

  /**
   * What to render.
   *
   * @param seed programme seed
   * @param minutes length
   * @param width frame width
   * @param height frame height
   * @param fps frame rate
   * @param codec the codec of the file
   */
  record Spec(long seed, double minutes, int width, int height, double fps, Codec codec) {
    /** The programme's ground truth (cheap: nothing is rendered). */
    Programme programme() {
      int shots = (int) Math.max(2, Math.round(minutes * 60 / 6));
      return ProgrammeGenerator.generate(
          seed, "e2e", shots, width, height, fps, MAX_SHOT_SECONDS, true);
    }

    /** A short name of the input, e.g. {@code h264-640x360-25fps-10.0min-seed4242}. */
    String key() {
      return String.format(
          Locale.ROOT,
          "%s-%dx%d-%.0ffps-%.1fmin-seed%d",
          codec.id(),
          width,
          height,
          fps,
          minutes,
          seed);
    }

    Spec withCodec(Codec c) {
      return new Spec(seed, minutes, width, height, fps, c);
    }
  }

  private E2eMedia() {}

  /** The cached file of a spec, rendering (or transcoding) it the first time. */
  static Path file(Spec spec, Path dir, PrintWriter out) throws IOException {
    Path video = dir.resolve("e2e-" + spec.key() + ".mp4");
    if (Files.exists(video)) {
      return video;
    }
    Files.createDirectories(dir);
    Path partial = dir.resolve(video.getFileName() + ".partial.mp4");
    if (spec.codec() == Codec.HEVC) {
      String why = hevcUnavailable();
      if (why != null) {
        throw new IllegalStateException(why);
      }
      Path h264 = file(spec.withCodec(Codec.H264), dir, out);
      out.printf(
          "transcoding the programme to HEVC once with ffmpeg/libx265 (kept in %s)...%n", video);
      out.flush();
      transcodeToHevc(h264, partial, spec);
    } else {
      Programme p = spec.programme();
      out.printf(
          "rendering the %.1f-minute programme once (%d frames, %s; kept in %s)...%n",
          p.frames() / spec.fps() / 60, p.frames(), spec.codec().id(), video);
      out.flush();
      ClipWriter.write(
          partial,
          p,
          spec.codec() == Codec.H264 ? ClipWriter.Codec.H264 : ClipWriter.Codec.MPEG4,
          ClipWriter.DEFAULT_QUALITY);
    }
    Files.move(partial, video);
    return video;
  }

  /**
   * Why HEVC programmes cannot be made here, or null when they can: JavaCV's FFmpeg has no software
   * HEVC encoder, so an {@code ffmpeg} executable with libx265 must be on the PATH.
   */
  static String hevcUnavailable() {
    try {
      Process p =
          new ProcessBuilder("ffmpeg", "-hide_banner", "-encoders")
              .redirectErrorStream(true)
              .start();
      String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || !listing.contains("libx265")) {
        return "HEVC unavailable: the ffmpeg on the PATH has no libx265 encoder"
            + " (Debian's ffmpeg package has one), and JavaCV's FFmpeg has no"
            + " software HEVC encoder; or pass an HEVC file with --input";
      }
      return null;
    } catch (IOException e) {
      return "HEVC unavailable: no ffmpeg executable on the PATH to encode it (JavaCV's FFmpeg has no"
          + " software HEVC encoder; Debian's ffmpeg package has libx265), or pass an HEVC file with --input";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "HEVC unavailable: interrupted";
    }
  }

  private static void transcodeToHevc(Path h264, Path out, Spec spec) throws IOException {
    long rate =
        Math.round(
            ClipWriter.H264_BITS_PER_PIXEL
                * HEVC_RATE_SHARE
                * spec.width()
                * spec.height()
                * spec.fps());
    List<String> cmd =
        List.of(
            "ffmpeg",
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-i",
            h264.toString(),
            "-c:v",
            "libx265",
            "-preset",
            "fast",
            "-b:v",
            String.valueOf(rate),
            "-x265-params",
            "log-level=error",
            "-tag:v",
            "hvc1",
            "-an",
            out.toString());
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("ffmpeg could not encode HEVC: " + log.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while encoding HEVC", e);
    }
  }
}
