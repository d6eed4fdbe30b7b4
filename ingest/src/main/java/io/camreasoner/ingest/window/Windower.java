package io.camreasoner.ingest.window;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups a stream's frames into windows of sampled frames that never cross a transition. Feed every
 * frame of a shot in order with whether it starts a new shot (the frames of a dissolve or fade
 * belong to no shot and are not fed); finished windows come back as soon as they are complete (when
 * the next window's first sample arrives, at a cut, or at the end). Windows of a shot tile it: each
 * covers the frames from its first one up to the frame before the next window (or the shot's last
 * frame).
 *
 * <p>Samples lie on a grid of {@code sampleFps} restarting at every cut, so the same input always
 * gives the same samples, windows and sequence numbers. A shot's last window with fewer than two
 * samples is merged into the window before it; a shot too short for two samples also gets its last
 * frame sampled. Not thread-safe; one windower per stream.
 */
public final class Windower {

  /** A frame offered to the windower; the JPEG is only made if the frame is sampled. */
  public record Frame(long frameNumber, long timestampMicros, Encoder image) {}

  /** Encodes a sampled frame as JPEG, in colour or as its grey (luma) plane. */
  @FunctionalInterface
  public interface Encoder {
    /** The frame as JPEG; {@code colour} false for its grey plane only. */
    byte[] jpeg(boolean colour);
  }

  private final WindowSettings settings;
  private final double fps;
  private long nextSeq;
  private int shotIndex = -1;
  private long shotStart;
  private long previousShotEnd = -1;
  private final List<Window.Sample> shotSamples = new ArrayList<>();
  private final List<Long> sampleTimes = new ArrayList<>();
  private int windowStartSample;
  private long windowStartFrame;
  private long windowStartMicros;
  private Window held;
  private Frame lastFrame;
  private boolean lastSampled;

  /** A windower for a stream at {@code fps}, numbering windows from {@code firstSeq}. */
  public Windower(WindowSettings settings, double fps, long firstSeq) {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive, got " + fps);
    }
    this.settings = settings;
    this.fps = fps;
    this.nextSeq = firstSeq;
  }

  /** Adds the next frame; returns the windows it completed (in order). */
  public List<Window> accept(Frame frame, boolean startsShot) {
    return accept(frame, startsShot, shotIndex < 0 ? -1 : frame.frameNumber());
  }

  /**
   * Adds the next frame; a frame that starts a shot says where the shot before ended (exclusive:
   * the first frame of the transition between them, -1 for none). Returns the windows it completed
   * (in order).
   */
  public List<Window> accept(Frame frame, boolean startsShot, long previousShotEndFrame) {
    List<Window> out = new ArrayList<>(2);
    if (shotIndex < 0 || startsShot) {
      if (shotIndex >= 0) {
        endShot(out);
      }
      shotIndex++;
      previousShotEnd = shotIndex == 0 ? -1 : previousShotEndFrame;
      shotStart = frame.frameNumber();
      shotSamples.clear();
      windowStartSample = 0;
      windowStartFrame = frame.frameNumber();
      windowStartMicros = frame.timestampMicros();
    }
    if (isSample(frame.frameNumber())) {
      int count = shotSamples.size();
      if (count - windowStartSample >= settings.framesPerWindow()) {
        // this sample starts the next window: the current one is complete
        int nextStart = windowStartSample + settings.hopFrames();
        Window.Sample first = shotSamples.get(Math.min(nextStart, count - 1));
        long nextStartFrame = nextStart < count ? first.frameNumber() : frame.frameNumber();
        long nextStartMicros =
            nextStart < count ? first.timestampMicros() : frame.timestampMicros();
        emit(
            out,
            windowStartSample,
            windowStartSample + settings.framesPerWindow(),
            nextStartFrame - 1,
            lastFrameMicrosBefore(nextStartFrame));
        windowStartSample = nextStart;
        windowStartFrame = nextStartFrame;
        windowStartMicros = nextStartMicros;
      }
      // each shot's first sample keeps its colour: it is the shot's thumbnail
      boolean colour = settings.colour().keeps(shotSamples.isEmpty());
      shotSamples.add(
          new Window.Sample(
              frame.frameNumber(), frame.timestampMicros(), frame.image().jpeg(colour)));
      lastSampled = true;
    } else {
      lastSampled = false;
    }
    lastFrame = frame;
    return out;
  }

  /** At the end of the stream: the windows still open. */
  public List<Window> finish() {
    List<Window> out = new ArrayList<>(2);
    if (shotIndex >= 0) {
      endShot(out);
    }
    if (held != null) {
      out.add(held);
      held = null;
    }
    return out;
  }

  /** Sequence number the next window will get (the end-of-stream marker takes it). */
  public long nextSeq() {
    return nextSeq;
  }

  /** Index of the current shot (-1 before the first frame). */
  public int shotIndex() {
    return shotIndex;
  }

  private boolean isSample(long frameNumber) {
    long offset = frameNumber - shotStart;
    if (offset == 0) {
      return true;
    }
    return Math.floor(offset * settings.sampleFps() / fps)
        > Math.floor((offset - 1) * settings.sampleFps() / fps);
  }

  private void endShot(List<Window> out) {
    int count = shotSamples.size();
    int leftover = count - windowStartSample;
    boolean sameShotHeld = held != null && held.shotIndex() == shotIndex;
    if (leftover > 0 && sameShotHeld && leftover < Math.max(2, settings.framesPerWindow() / 2)) {
      // a short tail (under half a window) is too brief to judge alone: extend the shot's previous
      // window
      List<Window.Sample> merged = new ArrayList<>(held.samples());
      merged.addAll(shotSamples.subList(windowStartSample, count));
      held =
          new Window(
              held.seq(),
              held.shotIndex(),
              held.shotStartFrame(),
              held.firstFrame(),
              lastFrame.frameNumber(),
              held.startMicros(),
              lastFrame.timestampMicros(),
              List.copyOf(merged),
              held.previousShotEndFrame());
    } else if (leftover > 0) {
      if (leftover == 1 && lastFrame != null && !lastSampled) {
        // a shot too short for two samples: add its last frame so the window can still be analysed
        shotSamples.add(
            new Window.Sample(
                lastFrame.frameNumber(),
                lastFrame.timestampMicros(),
                lastFrame.image().jpeg(settings.colour().keeps(false))));
        count++;
      }
      emit(out, windowStartSample, count, lastFrame.frameNumber(), lastFrame.timestampMicros());
    }
    if (held != null) {
      out.add(held);
      held = null;
    }
  }

  /**
   * Creates a window; it is held back one step so that a shot's single leftover sample can still be
   * merged into it.
   */
  private void emit(
      List<Window> out, int fromSample, int toSample, long lastFrameNumber, long endMicros) {
    Window w =
        new Window(
            nextSeq++,
            shotIndex,
            shotStart,
            windowStartFrame,
            lastFrameNumber,
            windowStartMicros,
            endMicros,
            List.copyOf(shotSamples.subList(fromSample, Math.min(toSample, shotSamples.size()))),
            previousShotEnd);
    if (held != null) {
      out.add(held);
    }
    held = w;
  }

  private long lastFrameMicrosBefore(long frameNumber) {
    if (lastFrame != null && lastFrame.frameNumber() == frameNumber - 1) {
      return lastFrame.timestampMicros();
    }
    return Math.round((frameNumber - 1) * 1e6 / fps);
  }
}
