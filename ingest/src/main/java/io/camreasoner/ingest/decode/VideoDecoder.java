package io.camreasoner.ingest.decode;

import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads one source with FFmpeg: opens it with socket and read timeouts (RTSP over TCP), skips
 * packets FFmpeg cannot decode (counting them) and yields numbered frames, upright as a player
 * shows them (a display matrix's rotation is applied). Frame numbers count the frames decoded;
 * timestamps are the source's, made strictly increasing. Both continue across {@link #reopen()} so
 * a reconnected live stream keeps its numbering. Not thread-safe.
 *
 * <p>Damage is skipped and counted, not hidden: frames FFmpeg could only conceal (its decoder flags
 * them: junk packets, lost slices) are not handed on, so the analysis never sees garbage; they
 * count as skipped packets together with frames missing from a constant-rate stream (timestamp gaps
 * of whole frame periods), see {@link #decodeErrors()}. Frames decoded from a damaged reference are
 * not flagged by FFmpeg and pass. Whether a file that ends early was cut short is decided from the
 * bytes its container declares, not from its duration or frame count, which damaged or badly
 * written headers get wrong (see {@link #endError()}).
 */
public final class VideoDecoder implements AutoCloseable {
  /** Consecutive undecodable packets or damaged frames after which a stream counts as broken. */
  static final int MAX_CONSECUTIVE_ERRORS = 200;

  /**
   * A file that ends with fewer than this share of the frames its header announces (less one) is
   * checked for truncation: a frame or two fewer is normal (headers round their durations).
   */
  static final double COMPLETE_SHARE = 0.98;

  /**
   * Timestamp gaps count as missing frames only in streams where at most this share of the frame
   * intervals are irregular: more, and the stream has a variable frame rate whose gaps are meant
   * (no container says which of its gaps are losses; MP4 even stretches the frame before a loss).
   */
  static final double MAX_IRREGULAR_SHARE = 0.1;

  /**
   * A timestamp jump longer than this is a discontinuity (a broadcast capture's clock reset, joined
   * recordings), not frames lost: damage loses frames, not minutes.
   */
  static final Duration MAX_LOST_SPAN = Duration.ofSeconds(5);

  static {
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  private final Source source;
  private final Duration timeout;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private final Mat upright = new Mat();
  private FFmpegFrameGrabber grabber;
  private long nextFrameNumber;
  private long timestampOffsetMicros;
  private long lastTimestampMicros = -1;
  private long decodeErrors;
  private long damagedFrames;
  private long gapFrames;
  private long intervals;
  private long irregularIntervals;
  private long gapReferenceMicros = Long.MIN_VALUE;
  private double framePeriodMicros;
  private double fps;
  private int width;
  private int height;
  private int rotation;
  private int expectedFrames;
  private int outputWidth;
  private int outputHeight;

  private VideoDecoder(Source source, Duration timeout) {
    this.source = source;
    this.timeout = timeout;
  }

  /**
   * Opens a source.
   *
   * @param timeout how long opening or one read may block before the source counts as unreachable
   * @throws SourceException with one clear reason when it cannot be opened as a video
   */
  public static VideoDecoder open(Source source, Duration timeout) throws SourceException {
    if (!source.isUrl()) {
      checkFile(source);
    }
    VideoDecoder decoder = new VideoDecoder(source, timeout);
    decoder.start();
    return decoder;
  }

  private static void checkFile(Source source) throws SourceException {
    Path path = source.path();
    if (!Files.exists(path)) {
      throw new SourceException(source.display(), "no such file", false, null);
    }
    if (Files.isDirectory(path)) {
      throw new SourceException(
          source.display(), "is a directory without video files", false, null);
    }
    if (!Files.isReadable(path)) {
      throw new SourceException(source.display(), "permission denied", false, null);
    }
    try {
      if (Files.size(path) == 0) {
        throw new SourceException(source.display(), "empty file (0 bytes)", false, null);
      }
    } catch (IOException e) {
      throw new SourceException(source.display(), "cannot read: " + e.getMessage(), false, e);
    }
  }

  /*
   * No options for damaged input are set, on purpose: FFmpeg's defaults already conceal damaged
   * data and flag the frames (which next() skips and counts), and its AVI demuxer resyncs without
   * an index. fflags=+discardcorrupt would drop the packets a demuxer marks corrupt before the
   * decoder could save what is left of them, err_detect=explode would turn every concealed
   * macroblock into a lost frame, and +genpts only guesses timestamps next() repairs anyway.
   */
  private void start() throws SourceException {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.location());
    long micros = timeout.toMillis() * 1000;
    g.setTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    if (source.isUrl()) {
      g.setOption("rw_timeout", String.valueOf(micros));
      g.setOption("timeout", String.valueOf(micros));
      String scheme = Source.scheme(source.location());
      if (scheme != null && scheme.startsWith("rtsp")) {
        g.setOption("rtsp_transport", "tcp");
      }
      if (scheme != null && scheme.startsWith("http")) {
        g.setOption("reconnect", "0");
      }
    }
    try {
      g.start();
    } catch (FrameGrabber.Exception e) {
      release(g);
      FailureReasons.Reason reason = FailureReasons.classify(e.getMessage(), source.isUrl());
      if (!source.isUrl() && reason.text().startsWith("not a decodable video")) {
        reason = FailureReasons.invalidFile(source.path());
      }
      throw new SourceException(source.display(), reason.text(), reason.retriable(), e);
    }
    if (g.getVideoStream() < 0 || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      release(g);
      throw new SourceException(source.display(), "no video stream", false, null);
    }
    if (g.getVideoCodecName() == null && g.getVideoCodec() == 0) {
      release(g);
      throw new SourceException(source.display(), "unsupported codec (no decoder)", false, null);
    }
    this.grabber = g;
    this.fps = g.getFrameRate() > 0 && g.getFrameRate() < 1000 ? g.getFrameRate() : 25.0;
    AVStream stream = g.getFormatContext().streams(g.getVideoStream());
    double baseFps = stream.r_frame_rate().den() > 0 ? avutil.av_q2d(stream.r_frame_rate()) : 0;
    this.framePeriodMicros = 1e6 / (baseFps > 0 && baseFps <= 1000 ? baseFps : fps);
    // the stream's start is where its first frame should be: frames lost before it count too
    long start = stream.start_time();
    this.gapReferenceMicros =
        start == avutil.AV_NOPTS_VALUE
            ? Long.MIN_VALUE
            : avutil.av_rescale_q(start, stream.time_base(), avutil.av_make_q(1, 1_000_000))
                + timestampOffsetMicros
                - Math.round(framePeriodMicros);
    this.rotation = clockwiseRotation(g.getDisplayRotation());
    boolean sideways = rotation % 180 != 0;
    this.width = sideways ? g.getImageHeight() : g.getImageWidth();
    this.height = sideways ? g.getImageWidth() : g.getImageHeight();
    this.expectedFrames = source.isUrl() ? 0 : announcedFrames(g);
    applyScale();
  }

  /**
   * The quarter turn clockwise that shows the frames upright, from FFmpeg's display-matrix angle
   * (counter-clockwise degrees; players turn by its negative, as FFmpeg's own autorotate does).
   * Mirroring matrices are rare and not applied.
   */
  static int clockwiseRotation(double displayMatrixDegrees) {
    if (Double.isNaN(displayMatrixDegrees)) {
      return 0;
    }
    long quarters = Math.round(-displayMatrixDegrees / 90.0);
    return (int) Math.floorMod(quarters * 90, 360L);
  }

  /**
   * Frames the header announces: the stream's frame count where the container keeps one (AVI, MP4),
   * else its duration at the frame rate; 0 when unknown. Headers can lie: see {@link #endError()}.
   */
  private static int announcedFrames(FFmpegFrameGrabber g) {
    long counted = g.getFormatContext().streams(g.getVideoStream()).nb_frames();
    if (counted > 0) {
      return (int) Math.min(Integer.MAX_VALUE, counted);
    }
    return Math.max(0, g.getLengthInFrames());
  }

  /**
   * Has FFmpeg deliver frames at {@code width x height} (area averaging, no aliasing), converting
   * and scaling in one pass instead of converting full frames to BGR first; kept across {@link
   * #reopen()}. The source size ({@link #width()}, {@link #height()}) stays what it is.
   */
  public void scaleTo(int width, int height) {
    this.outputWidth = width;
    this.outputHeight = height;
    applyScale();
  }

  private void applyScale() {
    if (grabber == null || outputWidth <= 0 || outputHeight <= 0) {
      return;
    }
    if (outputWidth != width || outputHeight != height) {
      // FFmpeg scales the stored frame, before it is turned upright
      boolean sideways = rotation % 180 != 0;
      grabber.setImageScalingFlags(org.bytedeco.ffmpeg.global.swscale.SWS_AREA);
      grabber.setImageWidth(sideways ? outputHeight : outputWidth);
      grabber.setImageHeight(sideways ? outputWidth : outputHeight);
    }
  }

  /**
   * The next frame, or null at the end of the stream.
   *
   * @throws SourceException when the stream breaks (too many undecodable packets, a dropped
   *     connection)
   */
  public VideoFrame next() throws SourceException {
    int consecutive = 0;
    while (true) {
      Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (FrameGrabber.Exception e) {
        decodeErrors++;
        if (++consecutive >= MAX_CONSECUTIVE_ERRORS) {
          FailureReasons.Reason reason = FailureReasons.classify(e.getMessage(), source.isUrl());
          throw new SourceException(
              source.display(),
              reason.text()
                  + " after frame "
                  + (nextFrameNumber - 1)
                  + ", "
                  + decodeErrors
                  + " bad packets",
              reason.retriable(),
              e);
        }
        continue;
      }
      if (frame == null) {
        return null;
      }
      if (frame.image == null) {
        continue;
      }
      long ts = grabber.getTimestamp();
      long timestamp =
          ts >= 0 ? ts + timestampOffsetMicros : Math.round(nextFrameNumber * 1e6 / fps);
      if (timestamp <= lastTimestampMicros) {
        // damaged or reset timestamps: keep time moving forward by one frame
        timestamp = lastTimestampMicros + Math.round(1e6 / fps);
      }
      countGap(timestamp);
      lastTimestampMicros = timestamp;
      if (isDamaged(frame)) {
        // FFmpeg could only conceal this frame (junk, lost slices): skip it rather than analyse
        // garbage; its time stays a gap between the frames around it
        damagedFrames++;
        if (++consecutive >= MAX_CONSECUTIVE_ERRORS) {
          throw new SourceException(
              source.display(),
              "undecodable: "
                  + consecutive
                  + " damaged frames in a row after frame "
                  + (nextFrameNumber - 1)
                  + ", "
                  + decodeErrors()
                  + " skipped packets",
              source.isUrl(),
              null);
        }
        continue;
      }
      return new VideoFrame(nextFrameNumber++, timestamp, upright(converter.convert(frame)));
    }
  }

  /** True when the decoder flags the frame as concealed or corrupt. */
  private static boolean isDamaged(Frame frame) {
    return frame.opaque instanceof AVFrame decoded
        && (decoded.decode_error_flags() != 0
            || (decoded.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0);
  }

  /** The frame turned upright (into a Mat the decoder owns), or the frame itself. */
  private Mat upright(Mat bgr) {
    if (rotation == 0) {
      return bgr;
    }
    int code =
        switch (rotation) {
          case 90 -> opencv_core.ROTATE_90_CLOCKWISE;
          case 180 -> opencv_core.ROTATE_180;
          default -> opencv_core.ROTATE_90_COUNTERCLOCKWISE;
        };
    opencv_core.rotate(bgr, upright, code);
    return upright;
  }

  /**
   * Notes how many whole frame periods lie between this frame and the previous one beyond the one
   * expected: frames missing from a constant-rate stream, or meant gaps in a variable-rate one. The
   * period is the stream's base rate (FFmpeg's r_frame_rate: the rate all its timestamps fit on),
   * not the containers' per-frame durations, which MP4 stretches over gaps. Measured on the
   * timestamps made increasing, so a clock that jumps back and returns loses nothing.
   */
  private void countGap(long micros) {
    if (gapReferenceMicros != Long.MIN_VALUE) {
      long span = micros - gapReferenceMicros;
      long missing = Math.round(span / framePeriodMicros) - 1;
      intervals++;
      if (missing != 0) {
        irregularIntervals++;
      }
      if (missing > 0 && span <= MAX_LOST_SPAN.toNanos() / 1000) {
        gapFrames += missing;
      }
    }
    gapReferenceMicros = micros;
  }

  /**
   * Reopens a network source after a drop, continuing frame numbers and timestamps where they
   * stopped.
   */
  public void reopen() throws SourceException {
    release(grabber);
    grabber = null;
    timestampOffsetMicros = lastTimestampMicros + Math.round(1e6 / fps);
    start();
  }

  /** The source's frame rate (25 when the container does not say). */
  public double fps() {
    return fps;
  }

  /** Source frame width in pixels, upright (a portrait phone video is narrower than tall). */
  public int width() {
    return width;
  }

  /** Source frame height in pixels, upright. */
  public int height() {
    return height;
  }

  /**
   * Frames the container announces (0 if unknown, e.g. live): the progress total. A damaged or
   * badly written header may announce more or fewer than there are.
   */
  public int expectedFrames() {
    return expectedFrames;
  }

  /**
   * Packets skipped so far (the report's "skipped packets"): frames FFmpeg could only conceal
   * (skipped here), packets it failed on, and frames missing from a constant-rate stream (whole
   * frame periods with no frame; not counted once the stream shows a variable frame rate).
   */
  public long decodeErrors() {
    boolean constantRate = irregularIntervals <= intervals * MAX_IRREGULAR_SHARE;
    return decodeErrors + damagedFrames + (constantRate ? gapFrames : 0);
  }

  /**
   * The error a source that has reached its end still ends with, or null when it gave what it has.
   * No frame at all is an error ("undecodable" when every frame was damaged). A file holding less
   * than its header announced counts as truncated only when its container also declares more bytes
   * than the file has (a download or copy that stopped, a recorder that died): a complete file
   * whose header lies about its duration or frame count, or a variable-rate file whose duration
   * reckoned at the nominal rate overstates its frames, is not truncated. Network sources are never
   * called truncated.
   */
  public String endError() {
    String truncated = truncation();
    if (truncated != null) {
      return truncated;
    }
    if (nextFrameNumber == 0) {
      return decodeErrors() > 0
          ? "undecodable: all " + decodeErrors() + " frames damaged or missing"
          : "no video frames";
    }
    return null;
  }

  private String truncation() {
    if (source.isUrl()
        || expectedFrames <= 0
        || nextFrameNumber >= expectedFrames * COMPLETE_SHARE - 1) {
      return null;
    }
    long size;
    long declared;
    try {
      size = Files.size(source.path());
      declared = ContainerSize.declared(source.path());
    } catch (IOException e) {
      return null;
    }
    if (declared <= size) {
      return null;
    }
    return "truncated: decoded "
        + nextFrameNumber
        + " of "
        + expectedFrames
        + " frames (the file has "
        + kib(size)
        + " of the "
        + kib(declared)
        + " its container declares)";
  }

  private static String kib(long bytes) {
    return bytes < 10 * 1024 ? bytes + " bytes" : (bytes / 1024) + " KiB";
  }

  /** Frames handed on so far (damaged frames that were skipped not included). */
  public long framesDecoded() {
    return nextFrameNumber;
  }

  @Override
  public void close() {
    release(grabber);
    grabber = null;
    converter.close();
    upright.close();
  }

  private static void release(FFmpegFrameGrabber g) {
    if (g == null) {
      return;
    }
    try {
      g.stop();
      g.release();
    } catch (FrameGrabber.Exception e) {
      // nothing more to free
    }
  }
}
