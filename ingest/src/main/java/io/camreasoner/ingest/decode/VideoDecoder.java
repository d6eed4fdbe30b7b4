package io.camreasoner.ingest.decode;

import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
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
 * a reconnected live stream keeps its numbering. The end of a network stream is told from a drop:
 * JavaCV reports both as "no more frames", so the decoder looks at the I/O error FFmpeg recorded
 * and at how long the stream had been silent. Not thread-safe.
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

  /**
   * Silence before the end of a network stream after which the end counts as a stall, not a close
   * (capped at three quarters of the read timeout, which ends any stall): a publisher closing is
   * seen within a round trip of its last packet, while a broken peer is noticed only by timeouts
   * (SRT's peer-idle timeout is 5 s, socket timeouts are {@code source.timeout}).
   */
  static final Duration STALL_BEFORE_END = Duration.ofSeconds(2);

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
  private final Mat upright = new Mat();
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
  private long damagedFrames;

  /** Damaged frames since the last frame handed on (a drop may have cut them: see reopen). */
  private long trailingDamaged;

  /** Raw and continued timestamps of the last frame handed on. */
  private long deliveredRawMicros = -1;

  private long deliveredMicros = -1;
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

  /*
   * No options for damaged input are set, on purpose: FFmpeg's defaults already conceal damaged
   * data and flag the frames (which next() skips and counts), and its AVI demuxer resyncs without
   * an index. fflags=+discardcorrupt would drop the packets a demuxer marks corrupt before the
   * decoder could save what is left of them, err_detect=explode would turn every concealed
   * macroblock into a lost frame, and +genpts only guesses timestamps next() repairs anyway.
   */
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
        trailingDamaged++;
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
      trailingDamaged = 0;
      deliveredRawMicros = ts;
      deliveredMicros = timestamp;
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
      // served again from the start: skip what was handed on; frames damaged just before the drop
      // were likely cut by it and come again whole, so they are no longer counted as skipped
      skipThroughRawMicros = deliveredRawMicros;
      damagedFrames -= trailingDamaged;
      trailingDamaged = 0;
      if (deliveredMicros >= 0) {
        lastTimestampMicros = deliveredMicros;
        gapReferenceMicros = deliveredMicros;
      }
    } else {
      rebaseAfterReopen = true;
    }
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
