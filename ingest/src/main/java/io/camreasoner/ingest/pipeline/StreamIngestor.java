package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.cuts.CutDetector;
import io.camreasoner.ingest.cuts.FrameSignature;
import io.camreasoner.ingest.decode.SourceException;
import io.camreasoner.ingest.decode.VideoDecoder;
import io.camreasoner.ingest.decode.VideoFrame;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one source: decodes every frame, runs the cut detector at the full frame rate on
 * thumbnails, windows the sampled frames and hands windows to a sink, then always an end-of-stream
 * marker (with the reason when the stream failed). Live sources are paced by their timestamps and
 * reconnected with exponential back-off after a drop, keeping their frame numbering.
 */
public final class StreamIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(StreamIngestor.class);

  /**
   * Behaviour of one stream.
   *
   * @param window sampling and windowing
   * @param cuts cut detection
   * @param timeout how long opening or one read may block
   * @param pace pace reading by the frames' timestamps (always on for live sources)
   * @param maxReconnects reconnect attempts of a live source before it counts as failed
   * @param reconnectBackoff first back-off between reconnects (doubles, at most 30 s)
   */
  public record Settings(
      WindowSettings window,
      CutDetector.Settings cuts,
      Duration timeout,
      boolean pace,
      int maxReconnects,
      Duration reconnectBackoff) {
    /**
     * Defaults: default windows and cuts, 10 s timeout, no pacing for files, 5 reconnects from 1 s.
     */
    public static Settings defaults() {
      return new Settings(
          WindowSettings.defaults(),
          CutDetector.Settings.defaults(),
          Duration.ofSeconds(10),
          false,
          5,
          Duration.ofSeconds(1));
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
   * The error of an archive whose reading was stopped by request: it ends without an end-of-stream
   * marker, so the same windows can be published again when it is resumed. A live source stopped by
   * request ends cleanly (its session is over).
   */
  public static final String STOPPED = "stopped by request";

  private final Settings settings;
  private final WindowSink sink;
  private final IngestMetrics metrics;

  /** An ingestor writing to a sink. */
  public StreamIngestor(Settings settings, WindowSink sink, IngestMetrics metrics) {
    this.settings = settings;
    this.sink = sink;
    this.metrics = metrics;
  }

  /** Ingests the source to its end (or failure); never throws for a bad source. */
  public IngestResult run(Source source, Progress progress) {
    return run(source, progress, () -> false);
  }

  /**
   * Ingests the source to its end, its failure or until {@code stop} says so (checked before every
   * frame; see {@link #STOPPED}); never throws for a bad source.
   */
  public IngestResult run(Source source, Progress progress, BooleanSupplier stop) {
    VideoDecoder decoder;
    try {
      decoder = VideoDecoder.open(source, settings.timeout());
    } catch (SourceException e) {
      return failedToOpen(source, e);
    }
    int aw = settings.window().analysisWidthFor(decoder.width());
    int ah = settings.window().analysisHeight(decoder.width(), decoder.height());
    decoder.scaleTo(aw, ah);
    StreamInfo info =
        new StreamInfo(
            source,
            decoder.fps(),
            decoder.width(),
            decoder.height(),
            aw,
            ah,
            StreamInfo.sessionOf(source));
    CutDetector detector = new CutDetector(settings.cuts());
    Windower windower = new Windower(settings.window(), decoder.fps(), 0);
    Deque<Pending> pending = new ArrayDeque<>();
    List<Long> cuts = new ArrayList<>();
    long windows = 0;
    long lastTs = 0;
    int reconnects = 0;
    String error = null;
    boolean stopped = false;
    boolean pace = settings.pace() || source.live();
    long wallStart = System.nanoTime();
    long firstTs = -1;
    try {
      while (true) {
        if (Thread.currentThread().isInterrupted() || stop.getAsBoolean()) {
          stopped = true;
          break;
        }
        VideoFrame frame;
        SourceException failure = null;
        try {
          frame = decoder.next();
        } catch (SourceException e) {
          frame = null;
          failure = e;
        }
        if (frame == null && failure == null && source.live()) {
          // a live source has no natural end: treat it as a drop and try to get it back
          failure = new SourceException(source.display(), "live stream ended", true, null);
        }
        if (failure != null) {
          boolean resumed = false;
          while (failure.retriable() && source.live() && reconnects < settings.maxReconnects()) {
            reconnects++;
            metrics.reconnect();
            long backoff =
                Math.min(
                    30_000, settings.reconnectBackoff().toMillis() << Math.min(10, reconnects - 1));
            LOG.warn(
                "{}: {}; reconnecting in {} ms (attempt {}/{})",
                failure.source(),
                failure.reason(),
                backoff,
                reconnects,
                settings.maxReconnects());
            java.util.concurrent.locks.LockSupport.parkNanos(backoff * 1_000_000);
            try {
              decoder.reopen();
              resumed = true;
              break;
            } catch (SourceException again) {
              failure = again;
            }
          }
          if (resumed) {
            continue;
          }
          error =
              failure.reason()
                  + (reconnects > 0 ? " (gave up after " + reconnects + " reconnects)" : "");
          break;
        }
        if (frame == null) {
          break;
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
          metrics.realtimeLag(source.streamId(), Math.max(0, -wait) / 1e9);
        }
        AnalysisImage image = AnalysisImage.of(frame.bgr(), aw, ah);
        pending.addLast(new Pending(frame.frameNumber(), frame.timestampMicros(), image));
        for (CutDetector.Decision d : detector.push(frame.frameNumber(), signature(image))) {
          windows += window(info, windower, pending.removeFirst(), d, cuts);
        }
        progress.frames(decoder.framesDecoded(), decoder.expectedFrames());
      }
      boolean paused = stopped && !source.live();
      if (!paused) {
        // the end of what will ever come (a paused archive's tail is published on resume, as
        // the same windows an uninterrupted run makes)
        for (CutDetector.Decision d : detector.flush()) {
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
    metrics.decodeErrors(decoder.decodeErrors());
    if (stopped && !source.live() && error == null) {
      // an archive is paused, not ended: no marker, so a resumed run can still complete it
      error = STOPPED;
    } else {
      EndOfStream end = new EndOfStream(windower.nextSeq(), frames, lastTs, cuts, error);
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
    return new IngestResult(
        source.display(),
        source.streamId(),
        info.fps(),
        frames,
        windows,
        cuts,
        decoder.decodeErrors(),
        reconnects,
        error,
        info.session());
  }

  private int window(
      StreamInfo info, Windower windower, Pending p, CutDetector.Decision d, List<Long> cuts)
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
    int quality = settings.window().jpegQuality();
    int count = 0;
    for (Window w :
        windower.accept(
            new Windower.Frame(p.frameNumber(), p.timestampMicros(), () -> p.image().jpeg(quality)),
            d.cut())) {
      sink.window(info, w);
      metrics.window(w);
      count++;
    }
    return count;
  }

  private static FrameSignature signature(AnalysisImage image) {
    return FrameSignature.ofBgr(image.bgr(), image.width(), image.height());
  }

  private IngestResult failedToOpen(Source source, SourceException e) {
    StreamInfo info = new StreamInfo(source, 0, 0, 0, 0, 0, StreamInfo.sessionOf(source));
    try {
      sink.end(info, new EndOfStream(0, 0, 0, List.of(), e.reason()));
    } catch (Exception sinkError) {
      LOG.debug("cannot publish the error marker of {}", source.display(), sinkError);
    }
    metrics.failedInput();
    return IngestResult.failed(source.display(), source.streamId(), e.reason(), info.session());
  }
}
