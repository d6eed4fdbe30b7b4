package io.camreasoner.synth;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes clips and programmes with FFmpeg (MPEG-4 part 2 by default, or H.264, in MP4, YUV 4:2:0)
 * so tests and benchmarks see real compression: blocks, ringing, smoothed texture. Frames are
 * rendered and encoded one at a time, so long programmes need little memory.
 */
public final class ClipWriter {
  /** Default encoder quality (FFmpeg qscale: 2 = best, 31 = worst). */
  public static final int DEFAULT_QUALITY = 5;

  /**
   * H.264 bits per pixel per frame: 0.12 gives 0.7 Mbit/s at 640x360 25 fps, 2.8 Mbit/s at 720p and
   * 6.2 Mbit/s at 1080p, the rates of web and broadcast distribution at those sizes.
   */
  public static final double H264_BITS_PER_PIXEL = 0.12;

  /** The video codec a clip is encoded with. */
  public enum Codec {
    /** MPEG-4 part 2 at a fixed quantiser ({@code quality}), a key frame every second. */
    MPEG4,
    /**
     * H.264 through libopenh264 (the only H.264 encoder of the LGPL FFmpeg JavaCV ships), High
     * profile with CABAC, no B-frames (openh264 makes none), {@link #H264_BITS_PER_PIXEL} per
     * pixel, a key frame every two seconds; {@code quality} is not used.
     */
    H264
  }

  static {
    // FFmpeg prints encoder banners to stderr at its default level; keep only errors.
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
        org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
  }

  private ClipWriter() {}

  /** Writes one shot. */
  public static void write(Path file, ClipSpec spec, int quality) throws IOException {
    write(file, Programme.of(baseName(file), List.of(spec)), quality);
  }

  /**
   * Writes a programme as MPEG-4 part 2, frame after frame (transitions blended, see {@link
   * ProgrammeRenderer}).
   */
  public static void write(Path file, Programme programme, int quality) throws IOException {
    write(file, programme, Codec.MPEG4, quality);
  }

  /**
   * Writes a programme, frame after frame (transitions blended), with a codec.
   *
   * @param quality FFmpeg qscale of MPEG-4 (1..31, checked for every codec); not used by H.264
   */
  public static void write(Path file, Programme programme, Codec codec, int quality)
      throws IOException {
    if (quality < 1 || quality > 31) {
      throw new IllegalArgumentException("quality must be 1..31 (FFmpeg qscale), got " + quality);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FFmpegFrameRecorder recorder =
        new FFmpegFrameRecorder(file.toFile(), programme.width(), programme.height(), 0);
    recorder.setFormat(container(file));
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(programme.fps());
    if (codec == Codec.H264) {
      recorder.setVideoCodecName("libopenh264");
      recorder.setVideoOption("profile", "high");
      recorder.setVideoOption("coder", "cabac");
      recorder.setVideoOption("rc_mode", "bitrate");
      recorder.setVideoBitrate(
          (int)
              Math.round(
                  H264_BITS_PER_PIXEL * programme.width() * programme.height() * programme.fps()));
      recorder.setGopSize((int) Math.max(1, Math.round(2 * programme.fps())));
    } else {
      recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
      recorder.setVideoQuality(quality);
      recorder.setGopSize((int) Math.max(1, Math.round(programme.fps())));
    }
    try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      recorder.start();
      try (ProgrammeRenderer renderer = new ProgrammeRenderer(programme)) {
        for (int i = 0; i < programme.frames(); i++) {
          renderer.prepare(i);
          try (PointerScope scope = new PointerScope()) {
            Mat frame = renderer.renderMat(i);
            recorder.record(converter.convert(frame));
          }
        }
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot encode " + file + ": " + e.getMessage(), e);
    } finally {
      recorder.release();
    }
  }

  /** The container for a file name: .ts (MPEG-TS, streamable), .mkv, .avi, else MP4. */
  static String container(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".ts")) {
      return "mpegts";
    }
    if (name.endsWith(".mkv")) {
      return "matroska";
    }
    if (name.endsWith(".avi")) {
      return "avi";
    }
    return "mp4";
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
