package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.cuts.FrameSignature;
import io.camreasoner.ingest.cuts.TransitionDetector;
import io.camreasoner.ingest.decode.SourceException;
import io.camreasoner.ingest.decode.VideoDecoder;
import io.camreasoner.ingest.decode.VideoFrame;
import io.camreasoner.ingest.hls.HlsSegmentStream;
import io.camreasoner.ingest.source.Reconnects;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.window.AnalysisImage;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.ingest.window.WindowSettings;
import io.camreasoner.ingest.window.Windower;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one source: decodes every frame, runs the transition detector (cuts, dissolves, fades) at
 * the full frame rate on thumbnails, windows the sampled frames of each shot (the frames of a
 * dissolve or fade are in no window) and hands windows to a sink, then always an end-of-stream
 * marker with the stream's cuts and transitions (and the reason when the stream failed).
 *
 * <p>Live sources: a normal end (end of file from the server, the publisher closing, an HLS
 * playlist's {@code #EXT-X-ENDLIST}) is the end of the stream; only an error or a stall is a drop,
 * reconnected with exponential back-off ({@link Reconnects}) and resumed where it stopped with
 * frame numbers and timestamps continuing; a source that outlasts its reconnect budget ends with
 * the error, its windows already published. HLS playlists are followed in Java ({@link
 * HlsSegmentStream}), so a drop resumes at the next media sequence; other protocols are read by
 * FFmpeg. Non-HLS live sources are paced by their timestamps (as are files with {@code pace}).
 * Interrupting the ingest thread stops reading (within the read timeout at worst, at once for HLS)
 * and still publishes the windows of what was read and the end marker: a clean end for a live
 * source, an error ("stopped by request") for an archive, which is then incomplete.
 */
public final class StreamIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(StreamIngestor.class);

  /**
   * The error of an archive whose reading was stopped by request: it ends without its tail windows
   * and without an end-of-stream marker, so a resumed run publishes the same windows an
   * uninterrupted one would and completes it. A live source stopped by request ends cleanly (its
   * session is over).
   */
  public static final String STOPPED = "stopped by request";

  /**
   * Behaviour of one stream.
   *
   * @param window sampling and windowing
   * @param cuts transition detection (its cut test's tuning)
   * @param timeout how long opening or one read may block
   * @param pace pace reading by the frames' timestamps (always on for live sources but HLS)
   * @param maxReconnects consecutive reconnect attempts of a live source before it counts as failed
   * @param reconnectBackoff first back-off between reconnects (doubles, at most 30 s)
   * @param hlsFromFirstSegment start a live HLS playlist at its first listed segment rather than at
   *     its live edge
   */
  public record Settings(
      WindowSettings window,
      TransitionDetector.Settings cuts,
      Duration timeout,
      boolean pace,
      int maxReconnects,
      Duration reconnectBackoff,
      boolean hlsFromFirstSegment) {

    /** Settings that join live HLS playlists at their live edge. */
    public Settings(
        WindowSettings window,
        TransitionDetector.Settings cuts,
        Duration timeout,
        boolean pace,
        int maxReconnects,
        Duration reconnectBackoff) {
      this(window, cuts, timeout, pace, maxReconnects, reconnectBackoff, false);
    }

    /**
     * Defaults: default windows and cuts, 10 s timeout, no pacing for files, 5 reconnects from 1 s,
     * live HLS from the live edge.
     */
    public static Settings defaults() {
      return new Settings(
          WindowSettings.defaults(),
          TransitionDetector.Settings.defaults(),
          Duration.ofSeconds(10),
          false,
          5,
          Duration.ofSeconds(1),
          false);
    }
  }

  /** Receives progress as frames are decoded. */
  @FunctionalInterface
  public interface Progress {
    /** Called after each frame with the frames so far and the expected total (0 if unknown). */
    void frames(long decoded, long expected);
  }

  private record Pending(long frameNumber, long timestampMicros, AnalysisImage image) {}

  /**
   * An opened source.
   *
   * @param decoder its decoder
   * @param source the source as it is read (an HLS playlist decides whether it is live)
   * @param hls the followed playlist of an HLS source, else null
   */
  private record Opened(VideoDecoder decoder, Source source, HlsSegmentStream hls) {}

  private final Settings settings;
  private final WindowSink sink;
  private final IngestMetrics metrics;

  /** An ingestor writing to a sink. */
  public StreamIngestor(Settings settings, WindowSink sink, IngestMetrics metrics) {
    this.settings = settings;
    this.sink = sink;
    this.metrics = metrics;
  }

  /** Ingests the source to its end, failure or stop (interrupt); never throws for a bad source. */
  public IngestResult run(Source source, Progress progress) {
    return run(source, progress, () -> false);
  }

  /**
   * Ingests the source to its end, its failure, or a stop: an interrupt of the reading thread
   * (which also wakes a blocked read or a reconnect back-off) or {@code stop} saying so (checked
   * before every frame); see {@link #STOPPED}. Never throws for a bad source.
   */
  public IngestResult run(Source source, Progress progress, BooleanSupplier stop) {
    Reconnects reconnects =
        new Reconnects(
            source.display(),
            settings.maxReconnects(),
            settings.reconnectBackoff(),
            metrics::reconnect);
    Opened opened;
    try {
      opened = open(source, reconnects);
    } catch (SourceException e) {
      return failedToOpen(source, e);
    }
    VideoDecoder decoder = opened.decoder();
    Source read = opened.source();
    int aw = settings.window().analysisWidthFor(decoder.width());
    int ah = settings.window().analysisHeight(decoder.width(), decoder.height());
    decoder.scaleTo(aw, ah);
    StreamInfo info =
        new StreamInfo(
            read,
            decoder.fps(),
            decoder.width(),
            decoder.height(),
            aw,
            ah,
            StreamInfo.sessionOf(read));
    TransitionDetector detector = new TransitionDetector(settings.cuts());
    Windower windower = new Windower(settings.window(), decoder.fps(), 0);
    Deque<Pending> pending = new ArrayDeque<>();
    List<Long> cuts = new ArrayList<>();
    long windows = 0;
    long lastTs = 0;
    String error = null;
    boolean stopped = false;
    boolean pace = settings.pace() || (read.live() && opened.hls() == null);
    long wallStart = System.nanoTime();
    long firstTs = -1;
    try {
      while (true) {
        if (Thread.currentThread().isInterrupted() || stop.getAsBoolean()) {
          stopped = true;
          break;
        }
        VideoFrame frame;
        try {
          frame = decoder.next();
        } catch (SourceException failure) {
          if (!failure.retriable() || !read.live() || opened.hls() != null) {
            error = failure.reason();
            break;
          }
          error = reconnect(decoder, failure, reconnects);
          if (error != null) {
            break;
          }
          firstTs = -1; // pace from the resumed frame on
          continue;
        }
        if (frame == null) {
          if (opened.hls() != null && opened.hls().end() == HlsSegmentStream.End.STOPPED) {
            stopped = true;
          } else if (opened.hls() != null && opened.hls().end() == HlsSegmentStream.End.FAILED) {
            error = opened.hls().failure();
          }
          break;
        }
        if (opened.hls() == null) {
          reconnects.recovered(); // (an HLS stream tells its recovery itself, per segment)
        }
        metrics.frameDecoded();
        lastTs = frame.timestampMicros();
        if (pace) {
          if (firstTs < 0) {
            firstTs = frame.timestampMicros();
            wallStart = System.nanoTime();
          }
          long dueNanos = wallStart + (frame.timestampMicros() - firstTs) * 1000;
          long wait = dueNanos - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
          metrics.realtimeLag(read.streamId(), Math.max(0, -wait) / 1e9);
        }
        AnalysisImage image;
        FrameSignature signature;
        try (PointerScope scope = new PointerScope()) {
          // the signature reads the same native pixels the kept copy is made from
          Mat scaled = AnalysisImage.scaled(frame.bgr(), aw, ah);
          image = AnalysisImage.copyOf(scaled);
          signature = FrameSignature.of(scaled);
        }
        pending.addLast(new Pending(frame.frameNumber(), frame.timestampMicros(), image));
        for (TransitionDetector.Decision d : detector.push(frame.frameNumber(), signature)) {
          windows += window(info, windower, pending.removeFirst(), d, cuts);
        }
        progress.frames(decoder.framesDecoded(), decoder.expectedFrames());
      }
    } catch (InterruptedException e) {
      stopped = true; // while waiting to reconnect
    } catch (Exception e) {
      error = "cannot publish: " + e.getMessage();
      LOG.debug("stream {} failed", source.display(), e);
    }
    // a stop still publishes what was read: the interrupt waits until the marker is out
    boolean interrupted = Thread.interrupted() || stopped;
    // an archive stopped by request is paused, not ended: no tail, no marker (see STOPPED)
    boolean paused = stopped && !read.live();
    if (stopped) {
      LOG.info("{}: stopped by request after {} frames", source.display(), decoder.framesDecoded());
      if (paused) {
        error = STOPPED;
      }
    }
    try {
      if (!paused && (error == null || !error.startsWith("cannot publish"))) {
        for (TransitionDetector.Decision d : detector.flush()) {
          windows += window(info, windower, pending.removeFirst(), d, cuts);
        }
        for (Window w : windower.finish()) {
          sink.window(info, w);
          metrics.window(w);
          windows++;
        }
      }
      if (error == null && !stopped) {
        error = decoder.endError();
      }
    } catch (Exception e) {
      error = "cannot publish: " + e.getMessage();
      LOG.debug("stream {} failed", source.display(), e);
    } finally {
      decoder.close();
    }
    long frames = decoder.framesDecoded();
    List<TransitionDetector.Found> transitions = detector.transitions();
    metrics.decodeErrors(decoder.decodeErrors());
    if (!paused) {
      EndOfStream end =
          new EndOfStream(windower.nextSeq(), frames, lastTs, cuts, error, transitions);
      try {
        sink.end(info, end);
      } catch (Exception e) {
        error =
            error != null ? error : "cannot publish the end-of-stream marker: " + e.getMessage();
      }
    }
    if (error != null) {
      metrics.failedInput();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new IngestResult(
        source.display(),
        source.streamId(),
        info.fps(),
        frames,
        windows,
        cuts,
        decoder.decodeErrors(),
        reconnects.total(),
        error,
        info.session(),
        transitions);
  }

  /**
   * Opens the source: FFmpeg reads it, or for an HLS playlist FFmpeg demuxes the segments the
   * playlist's {@link HlsSegmentStream} fetches.
   */
  private Opened open(Source source, Reconnects reconnects) throws SourceException {
    if (!source.hls()) {
      return new Opened(VideoDecoder.open(source, settings.timeout()), source, null);
    }
    HlsSegmentStream stream =
        HlsSegmentStream.open(
            source,
            new HlsSegmentStream.Options(settings.hlsFromFirstSegment(), settings.timeout()),
            reconnects,
            metrics::skippedSegments);
    Source read =
        stream.live() == source.live()
            ? source
            : new Source(source.location(), source.streamId(), stream.live());
    try {
      return new Opened(
          VideoDecoder.open(read, stream, "mpegts", settings.timeout()), read, stream);
    } catch (SourceException e) {
      if (stream.end() == HlsSegmentStream.End.FAILED) {
        throw new SourceException(source.display(), stream.failure(), false, e);
      }
      throw e;
    }
  }

  /**
   * Reconnects a dropped live source read by FFmpeg.
   *
   * @return null once it is back, else the error it ends with
   * @throws InterruptedException when stopped while waiting to reconnect
   */
  private static String reconnect(
      VideoDecoder decoder, SourceException failure, Reconnects reconnects)
      throws InterruptedException {
    SourceException last = failure;
    while (reconnects.awaitNext(last.reason())) {
      try {
        decoder.reopen();
        return null;
      } catch (SourceException again) {
        last = again;
        if (!again.retriable()) {
          break;
        }
      }
    }
    return reconnects.gaveUp(failure.reason(), last.reason());
  }

  private int window(
      StreamInfo info, Windower windower, Pending p, TransitionDetector.Decision d, List<Long> cuts)
      throws Exception {
    if (p.frameNumber() != d.frameNumber()) {
      throw new IllegalStateException(
          "cut decision for frame "
              + d.frameNumber()
              + " but frame "
              + p.frameNumber()
              + " is next");
    }
    if (d.cut()) {
      cuts.add(d.frameNumber());
    }
    if (d.role() == TransitionDetector.Role.TRANSITION) {
      return 0; // a dissolve's or fade's frames belong to no shot, so to no window
    }
    int quality = settings.window().jpegQuality();
    int count = 0;
    for (Window w :
        windower.accept(
            new Windower.Frame(
                p.frameNumber(), p.timestampMicros(), colour -> p.image().jpeg(quality, colour)),
            d.role() == TransitionDetector.Role.SHOT_START,
            d.previousShotEnd())) {
      sink.window(info, w);
      metrics.window(w);
      count++;
    }
    return count;
  }

  private IngestResult failedToOpen(Source source, SourceException e) {
    StreamInfo info = new StreamInfo(source, 0, 0, 0, 0, 0, StreamInfo.sessionOf(source));
    try {
      sink.end(info, new EndOfStream(0, 0, 0, List.of(), e.reason(), List.of()));
    } catch (Exception sinkError) {
      LOG.debug("cannot publish the error marker of {}", source.display(), sinkError);
    }
    metrics.failedInput();
    return IngestResult.failed(source.display(), source.streamId(), e.reason(), info.session());
  }
}
