package io.camreasoner.aggregator.fold;

import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Folds the motion events of one shot into its timeline. A plain class (no Kafka): the Streams
 * processor loads a {@link ShotState}, wraps it here, adds an event or closes the shot, stores
 * {@link #state()} back and emits {@link #timeline(long)}.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>Order and duplicates.</b> Windows are kept by window sequence number; a window whose
 *       sequence is already folded is ignored ({@link #add} returns false), so reprocessing an
 *       archive doubles nothing, and a late (out-of-order) window is inserted where its sequence
 *       says.
 *   <li><b>Identity.</b> A fold is one shot of one {@link TimelineId}: stream, ingest session and
 *       producer. Events of another session or producer belong to another timeline.
 *   <li><b>Segments.</b> Adjacent windows (in sequence order) with the same label set form a run.
 *       Windows that could not be reasoned about form gap runs: no labels, confidence 0, the first
 *       window's failure as the segment's {@code gap}. A window too short to judge has no labels
 *       and its own answer.
 *   <li><b>Flicker suppression.</b> A run of fewer than {@code minSegmentWindows} windows whose
 *       neighbouring runs on <em>both</em> sides carry the same labels is absorbed: the three
 *       become one segment with the neighbours' labels. Gaps are facts, never absorbed, and never
 *       absorb. A short run at either end of the shot, or between two different label sets, is kept
 *       by this rule: there it may mark a real transition.
 *   <li><b>Hysteresis.</b> A label change must be either sustained or clear. A run of fewer than
 *       {@code minSegmentWindows} windows that is still standing (at the shot's edge, or between
 *       two different label sets) is absorbed by an adjacent run of at least {@code
 *       minSegmentWindows} windows when its own windows do not rule that run's labels out: their
 *       mean confidence in the neighbour's labels is at least {@link #HYSTERESIS_SHARE} of their
 *       mean confidence in their own. Of two such neighbours, the one it scores higher absorbs it.
 *       So one noisy window that barely prefers another motion does not flip the end of a shot,
 *       while a camera that really stops or changes its move (whose windows score the old labels
 *       low) still starts a segment of its own. With {@code minSegmentWindows <= 1} nothing is
 *       absorbed.
 *   <li><b>Coverage.</b> Segments are contiguous and cover the shot: the first starts at the shot's
 *       start frame, each ends where the next one's first window starts, the last ends at the
 *       shot's end frame (exclusive; where the transition to the next shot starts, or the end of
 *       the stream, once known, otherwise the frame after the last window). The frames of a
 *       dissolve or fade belong to no shot.
 *   <li><b>Confidence.</b> A window's confidence in a label set is its weakest score among those
 *       labels; a segment's confidence is the mean of that over its windows (absorbed flicker
 *       windows included, scored on the segment's labels), its scores are the per-label means.
 *   <li><b>Explanation.</b> The segment's O-T-A text is that of its most confident window among
 *       those whose own labels are the segment's (lowest sequence on ties).
 *   <li><b>Times.</b> Seconds are frames divided by the stream's fps.
 * </ul>
 */
public final class TimelineFold {

  /**
   * The evidence a short run must keep for a neighbour's labels, as a share of the evidence for its
   * own, to be absorbed by that neighbour (see the class doc): below it the change is at least 2:1
   * and stands. The reasoner's scores are calibrated probabilities, so a window that scores its
   * neighbour's move at half its own answer or more is an undecided one.
   */
  static final double HYSTERESIS_SHARE = 0.5;

  private final int minSegmentWindows;
  private final NavigableMap<Long, WindowRecord> windows = new TreeMap<>();
  private final TimelineId id;
  private String source;
  private final int shotIndex;
  private long shotStartFrame;
  private long endFrame;
  private double fps;
  private ShotStatus status;
  private String closeReason;
  private boolean lastShot;
  private String streamError;
  private List<Long> cuts;
  private List<TransitionRecord> transitions;

  /** Wraps a stored state; {@code minSegmentWindows} is the flicker threshold (see class doc). */
  public TimelineFold(ShotState state, int minSegmentWindows) {
    this.minSegmentWindows = minSegmentWindows;
    this.id = state.id();
    this.source = state.source();
    this.shotIndex = state.shotIndex();
    this.shotStartFrame = state.shotStartFrame();
    this.endFrame = state.endFrame();
    this.fps = state.fps();
    this.status = state.status();
    this.closeReason = state.closeReason();
    this.lastShot = state.lastShot();
    this.streamError = state.streamError();
    this.cuts = state.cuts();
    this.transitions = state.transitions();
    for (WindowRecord w : state.windows()) {
      windows.put(w.seq(), w);
    }
  }

  /** A fold for a shot nothing is known of yet. */
  public static TimelineFold empty(
      TimelineId id, String source, int shotIndex, int minSegmentWindows) {
    return new TimelineFold(ShotState.empty(id, source, shotIndex), minSegmentWindows);
  }

  /**
   * Folds one window event of this shot in.
   *
   * @return false when the event changed nothing (its window sequence was already folded)
   * @throws IllegalArgumentException for an end-of-stream marker or an event of another shot or
   *     timeline
   */
  public boolean add(MotionEvent event) {
    if (event.getEndOfStream()) {
      throw new IllegalArgumentException(
          "end-of-stream marker of stream '" + event.getStreamId() + "' is not a window");
    }
    TimelineId of = TimelineId.of(event);
    if (event.getShotIndex() != shotIndex || !of.equals(id)) {
      throw new IllegalArgumentException(
          "event of "
              + of.describe()
              + " shot "
              + event.getShotIndex()
              + " folded into "
              + id.describe()
              + " shot "
              + shotIndex);
    }
    if (windows.containsKey(event.getWindowSeq())) {
      return false;
    }
    windows.put(event.getWindowSeq(), WindowRecord.of(event));
    if (event.getShotStartFrame() >= 0) {
      shotStartFrame =
          shotStartFrame < 0
              ? event.getShotStartFrame()
              : Math.min(shotStartFrame, event.getShotStartFrame());
    }
    if (event.getFps() > 0) {
      fps = event.getFps();
    }
    if (source == null || source.isEmpty()) {
      source = event.getSource();
    }
    return true;
  }

  /**
   * Closes the shot. Closing a shot that is already closed only upgrades the reason from {@code
   * idle} to a factual one (next shot, end of stream).
   *
   * @param knownEndFrame exclusive end frame when known (the next shot's cut, the end of the
   *     stream), -1 to end after the last window
   * @return whether anything changed
   */
  public boolean close(CloseReason reason, long knownEndFrame) {
    ShotState before = state();
    if (status == ShotStatus.OPEN || CloseReason.fromWire(closeReason) == CloseReason.IDLE) {
      status = ShotStatus.CLOSED;
      closeReason = reason.wire();
    }
    if (knownEndFrame >= 0) {
      endFrame = knownEndFrame;
    }
    return !before.equals(state());
  }

  /** Reopens a shot closed for idleness when a window of it arrives after all. */
  public boolean reopenIfIdle() {
    if (status == ShotStatus.CLOSED && CloseReason.fromWire(closeReason) == CloseReason.IDLE) {
      status = ShotStatus.OPEN;
      closeReason = null;
      return true;
    }
    return false;
  }

  /**
   * Marks this as the stream's final shot (the stream ended) with the stream's error, if any, all
   * its cuts and all its transitions.
   *
   * @return whether anything changed
   */
  public boolean markLastShot(
      String error, List<Long> streamCuts, List<TransitionRecord> streamTransitions) {
    ShotState before = state();
    lastShot = true;
    streamError = error;
    cuts = List.copyOf(streamCuts);
    transitions = List.copyOf(streamTransitions);
    return !before.equals(state());
  }

  /** Sets the shot's first frame when no window said it (e.g. an empty last shot). */
  public void startAtIfUnknown(long frame) {
    if (shotStartFrame < 0 && windows.isEmpty() && frame >= 0) {
      shotStartFrame = frame;
    }
  }

  /** Sets the frame rate when no window said it. */
  public void fpsIfUnknown(double streamFps) {
    if (fps <= 0 && streamFps > 0) {
      fps = streamFps;
    }
  }

  /** Whether the shot is closed. */
  public boolean isClosed() {
    return status == ShotStatus.CLOSED;
  }

  /** The reason the shot closed, or null while open. */
  public CloseReason closeReason() {
    return CloseReason.fromWire(closeReason);
  }

  /** The shot index. */
  public int shotIndex() {
    return shotIndex;
  }

  /** Number of distinct windows folded in. */
  public int windowCount() {
    return windows.size();
  }

  /** The persistable state. */
  public ShotState state() {
    return new ShotState(
        id,
        source,
        shotIndex,
        shotStartFrame,
        endFrame,
        fps,
        status,
        closeReason,
        lastShot,
        streamError,
        cuts,
        transitions,
        new ArrayList<>(windows.values()));
  }

  /** The shot's thumbnail: that of its earliest window carrying one, null when none does. */
  private ByteBuffer thumbnail() {
    for (WindowRecord w : windows.values()) {
      if (w.thumbnail() != null) {
        return ByteBuffer.wrap(w.thumbnailJpeg());
      }
    }
    return null;
  }

  /** The shot's timeline as of now ({@code updatedAtMs} = {@code nowMs}). */
  public ShotTimeline timeline(long nowMs) {
    long start = startFrame();
    long end = Math.max(start, endFrameOrCovered());
    List<Run> runs = absorbUndecided(absorbFlickers(runs()));
    List<Segment> segments = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      long segStart = i == 0 ? start : run.windows.get(0).firstFrame();
      long segEnd = i == runs.size() - 1 ? end : runs.get(i + 1).windows.get(0).firstFrame();
      segments.add(segment(run, segStart, Math.max(segStart, segEnd)));
    }
    return ShotTimeline.newBuilder()
        .setStreamId(id.streamId())
        .setSession(id.session())
        .setProducer(id.producer())
        .setFailedWindows((int) windows.values().stream().filter(WindowRecord::failed).count())
        .setSource(source == null ? "" : source)
        .setShotIndex(shotIndex)
        .setStartFrame(start)
        .setEndFrame(end)
        .setStartSec(seconds(start))
        .setEndSec(seconds(end))
        .setFps(fps)
        .setStatus(status)
        .setCloseReason(closeReason)
        .setSegments(segments)
        .setWindowCount(windows.size())
        .setLastWindowSeq(windows.isEmpty() ? -1 : windows.lastKey())
        .setLastShot(lastShot)
        .setStreamError(streamError)
        .setCuts(cuts)
        .setTransitions(transitions.stream().map(TransitionRecord::toAvro).toList())
        .setUpdatedAtMs(nowMs)
        .setThumbnail(thumbnail())
        .build();
  }

  private long startFrame() {
    long firstWindow =
        windows.isEmpty() ? Long.MAX_VALUE : windows.firstEntry().getValue().firstFrame();
    if (shotStartFrame >= 0) {
      return Math.min(shotStartFrame, firstWindow);
    }
    return windows.isEmpty() ? 0 : firstWindow;
  }

  private long endFrameOrCovered() {
    long covered = -1;
    for (WindowRecord w : windows.values()) {
      covered = Math.max(covered, w.lastFrame() + 1);
    }
    // A known end (cut, end of stream) never cuts windows off: windows do not cross hard cuts.
    return Math.max(endFrame, covered < 0 ? startFrame() : covered);
  }

  private double seconds(long frame) {
    return fps > 0 ? frame / fps : 0.0;
  }

  private List<Run> runs() {
    List<Run> runs = new ArrayList<>();
    for (WindowRecord w : windows.values()) {
      Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last.gap == w.failed() && last.labels.equals(w.labels())) {
        last.windows.add(w);
      } else {
        Run r = new Run(w.labels(), w.failed());
        r.windows.add(w);
        runs.add(r);
      }
    }
    return runs;
  }

  private List<Run> absorbFlickers(List<Run> runs) {
    if (minSegmentWindows <= 1) {
      return runs;
    }
    List<Run> out = new ArrayList<>();
    int i = 0;
    while (i < runs.size()) {
      Run r = runs.get(i);
      Run prev = out.isEmpty() ? null : out.get(out.size() - 1);
      Run next = i + 1 < runs.size() ? runs.get(i + 1) : null;
      if (prev != null
          && next != null
          && !r.gap
          && !prev.gap
          && !next.gap
          && r.windows.size() < minSegmentWindows
          && prev.labels.equals(next.labels)) {
        prev.windows.addAll(r.windows);
        prev.windows.addAll(next.windows);
        i += 2;
      } else {
        out.add(r);
        i++;
      }
    }
    return out;
  }

  /** The hysteresis rule of the class doc, applied until no run is absorbed. */
  private List<Run> absorbUndecided(List<Run> runs) {
    if (minSegmentWindows <= 1) {
      return runs;
    }
    List<Run> out = new ArrayList<>(runs);
    boolean absorbed = true;
    while (absorbed) {
      absorbed = false;
      for (int i = 0; i < out.size() && !absorbed; i++) {
        Run r = out.get(i);
        if (r.gap || r.windows.size() >= minSegmentWindows) {
          continue;
        }
        double own = r.meanConfidenceIn(r.labels);
        int into = -1;
        double best = 0;
        for (int j : new int[] {i - 1, i + 1}) {
          if (j < 0 || j >= out.size()) {
            continue;
          }
          Run n = out.get(j);
          if (n.gap || n.windows.size() < minSegmentWindows) {
            continue;
          }
          double share = own > 0 ? r.meanConfidenceIn(n.labels) / own : 1.0;
          if (share >= HYSTERESIS_SHARE && share > best) {
            best = share;
            into = j;
          }
        }
        if (into >= 0) {
          Run n = out.get(into);
          if (into < i) {
            n.windows.addAll(r.windows);
          } else {
            n.windows.addAll(0, r.windows);
          }
          out.remove(i);
          absorbed = true;
        }
      }
    }
    // absorbing can leave two runs of one label set side by side: they are one segment
    List<Run> merged = new ArrayList<>();
    for (Run r : out) {
      Run last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !last.gap && !r.gap && last.labels.equals(r.labels)) {
        last.windows.addAll(r.windows);
      } else {
        merged.add(r);
      }
    }
    return merged;
  }

  private Segment segment(Run run, long start, long end) {
    if (run.gap) {
      return gap(run, start, end);
    }
    double confidenceSum = 0;
    Map<String, Double> scoreSums = new TreeMap<>();
    WindowRecord representative = null;
    double bestConfidence = Double.NEGATIVE_INFINITY;
    for (WindowRecord w : run.windows) {
      double c = w.confidenceIn(run.labels);
      confidenceSum += c;
      w.scores().forEach((label, score) -> scoreSums.merge(label, score, Double::sum));
      if (w.labels().equals(run.labels) && c > bestConfidence) {
        bestConfidence = c;
        representative = w;
      }
    }
    int n = run.windows.size();
    Map<String, Double> scores = new TreeMap<>();
    scoreSums.forEach((label, sum) -> scores.put(label, sum / n));
    if (representative == null) {
      representative = run.windows.get(0);
    }
    Segment.Builder segment =
        Segment.newBuilder()
            .setStartFrame(start)
            .setEndFrame(end)
            .setStartSec(seconds(start))
            .setEndSec(seconds(end))
            .setLabels(new ArrayList<>(run.labels))
            .setConfidence(confidenceSum / n)
            .setScores(scores)
            .setObservation(representative.observation())
            .setThinking(representative.thinking())
            .setAnswer(representative.answer())
            .setWindowCount(n)
            .setFirstWindowSeq(run.windows.stream().mapToLong(WindowRecord::seq).min().orElse(-1))
            .setLastWindowSeq(run.windows.stream().mapToLong(WindowRecord::seq).max().orElse(-1))
            .setSteadiness(
                Steadiness.typical(run.windows.stream().map(WindowRecord::steadiness).toList())
                    .map(Steadiness::wire)
                    .orElse(null));
    CurvePoint.mean(run.windows.stream().map(WindowRecord::curve).filter(c -> c != null).toList())
        .ifPresent(
            speed ->
                segment
                    .setPanDegPerSec(speed.panDegPerSec())
                    .setTiltDegPerSec(speed.tiltDegPerSec())
                    .setRollDegPerSec(speed.rollDegPerSec())
                    .setZoomPerSec(speed.zoomPerSec())
                    .setTranslationSpeed(speed.translationSpeed())
                    .setMoverShare(speed.moverShare()));
    return segment.build();
  }

  /** The segment of windows that could not be reasoned about: no labels, the reason. */
  private Segment gap(Run run, long start, long end) {
    WindowRecord first = run.windows.get(0);
    int n = run.windows.size();
    return Segment.newBuilder()
        .setStartFrame(start)
        .setEndFrame(end)
        .setStartSec(seconds(start))
        .setEndSec(seconds(end))
        .setLabels(List.of())
        .setConfidence(0.0)
        .setScores(Map.of())
        .setObservation("")
        .setThinking("")
        .setAnswer("")
        .setGap(n == 1 ? first.failure() : first.failure() + " (and " + (n - 1) + " more windows)")
        .setWindowCount(n)
        .setFirstWindowSeq(first.seq())
        .setLastWindowSeq(run.windows.get(n - 1).seq())
        .build();
  }

  /**
   * Adjacent windows with one label set (absorbed flicker windows appended), or adjacent failed
   * windows (a gap).
   */
  private static final class Run {
    final List<String> labels;
    final boolean gap;
    final List<WindowRecord> windows = new ArrayList<>();

    Run(List<String> labels, boolean gap) {
      this.labels = labels;
      this.gap = gap;
    }

    /** Mean over this run's windows of their confidence in {@code labelSet}. */
    double meanConfidenceIn(List<String> labelSet) {
      double sum = 0;
      for (WindowRecord w : windows) {
        sum += w.confidenceIn(labelSet);
      }
      return windows.isEmpty() ? 0 : sum / windows.size();
    }
  }
}
