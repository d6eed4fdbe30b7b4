package io.camreasoner.ingest.decode;

import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.global.avformat;
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
 * The end of a network stream is told from a drop: JavaCV reports both as "no more frames", so the
 * decoder looks at the I/O error FFmpeg recorded and at how long the stream had been silent. Not
 * thread-safe.
 */
public final class VideoDecoder implements AutoCloseable {
  /** Consecutive undecodable packets after which a stream counts as broken. */
  static final int MAX_CONSECUTIVE_ERRORS = 200;

  /**
   * Silence before the end of a network stream after which the end counts as a stall, not a close
   * (capped at three quarters of the read timeout, which ends any stall): a publisher closing is
   * seen within a round trip of its last packet, while a broken peer is noticed only by timeouts
   * (SRT's peer-idle timeout is 5 s, socket timeouts are {@code source.timeout}).
   */
  static final java.time.Duration STALL_BEFORE_END = java.time.Duration.ofSeconds(2);

  /**
   * Most frames a decoder can still hold when its input ends: codec reordering (at most 16 for
   * H.264) plus one per decoding thread (FFmpeg picks up to 16), with room to spare.
   */
  static final int MAX_DECODER_DELAY_FRAMES = 64;

  static {
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  private final Source source;
  private final Duration timeout;
  private final InputStream input;
  private final String format;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private FFmpegFrameGrabber grabber;
  private long nextFrameNumber;
  private long timestampOffsetMicros;
  private long lastTimestampMicros = -1;
  private long lastRawMicros = -1;
  private long endingReadNanos = -1;
  private long slowestRecentReadNanos;
  private int readsSinceSlowest;
  private boolean replayable;
  private long skipThroughRawMicros = -1;
  private boolean rebaseAfterReopen;
  private long decodeErrors;
  private double fps;
  private int width;
  private int height;
  private int expectedFrames;
  private int outputWidth;
  private int outputHeight;

  private VideoDecoder(Source source, Duration timeout, InputStream input, String format) {
    this.source = source;
    this.timeout = timeout;
    this.input = input;
    this.format = format;
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
    VideoDecoder decoder = new VideoDecoder(source, timeout, null, null);
    decoder.start();
    return decoder;
  }

  /**
   * Opens a stream whose bytes come from Java (a followed HLS playlist): FFmpeg reads the stream
   * sequentially, without seeking, and its end is the end of the stream. Not {@link #reopen()
   * reopened}: the stream itself resumes after drops. The stream is closed with the decoder.
   *
   * @param format FFmpeg's name of the container the bytes are in (e.g. {@code mpegts})
   * @throws SourceException with one clear reason when it cannot be opened as a video
   */
  public static VideoDecoder open(
      Source source, InputStream stream, String format, Duration timeout) throws SourceException {
    VideoDecoder decoder = new VideoDecoder(source, timeout, stream, format);
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
    // maximumSize 0: no seeking back in a stream that only goes forward
    FFmpegFrameGrabber g =
        input != null
            ? new FFmpegFrameGrabber(input, 0)
            : new FFmpegFrameGrabber(source.location());
    if (format != null) {
      g.setFormat(format);
    }
    long micros = timeout.toMillis() * 1000;
    g.setTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    if (source.isUrl() && input == null) {
      g.setOption("rw_timeout", String.valueOf(micros));
      String scheme = Source.scheme(source.location());
      // RTMP's "timeout" is a listen timeout that turns the client into a server: rw_timeout only
      if (scheme != null && !scheme.startsWith("rtmp")) {
        g.setOption("timeout", String.valueOf(micros));
      }
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
    AVIOContext pb = g.getFormatContext().pb();
    String scheme = Source.scheme(source.location());
    // a resource of known size over HTTP is a file: a new request serves it again from the start
    this.replayable =
        input == null
            && scheme != null
            && scheme.startsWith("http")
            && pb != null
            && avformat.avio_size(pb) > 0;
    this.endingReadNanos = -1;
    this.slowestRecentReadNanos = 0;
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
        long before = System.nanoTime();
        frame = grabber.grabImage();
        noteReadTime(System.nanoTime() - before);
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
        SourceException dropped = dropped();
        if (dropped != null) {
          throw dropped;
        }
        return null;
      }
      if (frame.image == null) {
        continue;
      }
      long ts = grabber.getTimestamp();
      if (skipThroughRawMicros >= 0) {
        if (ts >= 0 && ts <= skipThroughRawMicros) {
          continue; // served again from the start after a reconnect: already delivered
        }
        skipThroughRawMicros = -1;
      }
      if (rebaseAfterReopen) {
        rebaseAfterReopen = false;
        if (ts >= 0 && ts <= lastRawMicros) {
          // the new connection's clock restarted: continue one frame after the last frame
          timestampOffsetMicros = lastTimestampMicros + Math.round(1e6 / fps) - ts;
        }
      }
      if (ts >= 0) {
        lastRawMicros = ts;
      }
      Mat bgr = converter.convert(frame);
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
   * Why a network stream that yields no more frames was dropped, or null when it ended: FFmpeg's
   * recorded I/O error (an HTTP body cut short, a reset connection, a read timeout), or for streams
   * FFmpeg reads without one (RTSP) a long silence before the end. SRT reports a publisher closing
   * the connection as an error, so there only a silence counts.
   */
  private SourceException dropped() {
    if (!source.isUrl() || input != null) {
      return null;
    }
    AVIOContext pb = grabber.getFormatContext().pb();
    int error = pb == null ? 0 : pb.error();
    long silentMillis = (pb != null ? endingReadNanos : slowestRecentReadNanos) / 1_000_000;
    boolean stalled =
        silentMillis >= Math.min(STALL_BEFORE_END.toMillis(), timeout.toMillis() * 3 / 4);
    boolean srt = "srt".equals(Source.scheme(source.location()));
    if (stalled && (error < 0 || pb == null || srt)) {
      return new SourceException(
          source.display(),
          "stalled: no data for " + Math.round(silentMillis / 1000.0) + " s" + frameDescription(),
          true,
          null);
    }
    if (error < 0 && error != avutil.AVERROR_EOF && !srt) {
      return new SourceException(
          source.display(), FailureReasons.dropped(error, frameDescription()), true, null);
    }
    return null;
  }

  /**
   * Keeps how long reading waited when the input ended: FFmpeg hands out the frames still in the
   * decoder after the input ends, so the wait that ended it is not the last one. With an
   * AVIOContext, the read during which it reached its end is known exactly; without one (RTSP), the
   * slowest of the reads that came since the decoder could last have been emptied counts.
   */
  private void noteReadTime(long nanos) {
    AVIOContext pb = grabber.getFormatContext().pb();
    if (pb != null) {
      if (endingReadNanos < 0 && pb.eof_reached() != 0) {
        endingReadNanos = nanos;
      }
    } else if (nanos >= slowestRecentReadNanos || ++readsSinceSlowest > MAX_DECODER_DELAY_FRAMES) {
      slowestRecentReadNanos = nanos;
      readsSinceSlowest = 0;
    }
  }

  private String frameDescription() {
    return nextFrameNumber > 0 ? " after frame " + (nextFrameNumber - 1) : "";
  }

  /**
   * Reopens a network source after a drop, continuing frame numbers and timestamps where they
   * stopped: a file served over HTTP again from its start skips the frames already delivered; a
   * live stream whose clock went on keeps its timestamps (the gap shows), one whose clock restarted
   * continues one frame after the last frame.
   */
  public void reopen() throws SourceException {
    if (input != null) {
      throw new IllegalStateException("a decoder reading a Java stream is not reopened");
    }
    release(grabber);
    grabber = null;
    if (replayable) {
      skipThroughRawMicros = lastRawMicros;
    } else {
      rebaseAfterReopen = true;
    }
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
