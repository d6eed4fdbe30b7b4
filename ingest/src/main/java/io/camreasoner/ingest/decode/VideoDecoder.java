package io.camreasoner.ingest.decode;

import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads one source with FFmpeg: opens it with socket and read timeouts (RTSP over TCP), skips
 * packets FFmpeg cannot decode (counting them) and yields numbered frames. Frame numbers and
 * timestamps continue across {@link #reopen()} so a reconnected live stream keeps its numbering.
 * Not thread-safe.
 */
public final class VideoDecoder implements AutoCloseable {
  /** Consecutive undecodable packets after which a stream counts as broken. */
  static final int MAX_CONSECUTIVE_ERRORS = 200;

  static {
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  private final Source source;
  private final Duration timeout;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private FFmpegFrameGrabber grabber;
  private long nextFrameNumber;
  private long timestampOffsetMicros;
  private long lastTimestampMicros = -1;
  private long decodeErrors;
  private double fps;
  private int width;
  private int height;
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
    this.width = g.getImageWidth();
    this.height = g.getImageHeight();
    this.expectedFrames = source.isUrl() ? 0 : Math.max(0, g.getLengthInFrames());
    applyScale();
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
      grabber.setImageScalingFlags(org.bytedeco.ffmpeg.global.swscale.SWS_AREA);
      grabber.setImageWidth(outputWidth);
      grabber.setImageHeight(outputHeight);
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
      Mat bgr = converter.convert(frame);
      long ts = grabber.getTimestamp();
      long timestamp =
          ts >= 0 ? ts + timestampOffsetMicros : Math.round(nextFrameNumber * 1e6 / fps);
      if (timestamp <= lastTimestampMicros) {
        timestamp = lastTimestampMicros + Math.round(1e6 / fps);
      }
      lastTimestampMicros = timestamp;
      return new VideoFrame(nextFrameNumber++, timestamp, bgr);
    }
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

  /** Source frame width in pixels. */
  public int width() {
    return width;
  }

  /** Source frame height in pixels. */
  public int height() {
    return height;
  }

  /** Frames the container announces (0 if unknown, e.g. live): used to detect truncated files. */
  public int expectedFrames() {
    return expectedFrames;
  }

  /** Packets FFmpeg could not decode so far. */
  public long decodeErrors() {
    return decodeErrors;
  }

  /** Frames decoded so far. */
  public long framesDecoded() {
    return nextFrameNumber;
  }

  @Override
  public void close() {
    release(grabber);
    grabber = null;
    converter.close();
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
