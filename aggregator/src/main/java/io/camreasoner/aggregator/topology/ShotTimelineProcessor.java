package io.camreasoner.aggregator.topology;

import io.camreasoner.aggregator.fold.CloseReason;
import io.camreasoner.aggregator.fold.ShotState;
import io.camreasoner.aggregator.fold.TimelineFold;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.aggregator.fold.TransitionRecord;
import io.camreasoner.aggregator.fold.WindowRecord;
import io.camreasoner.schemas.ShotBounds;
import io.camreasoner.schemas.TransitionType;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each stream's motion events into per-shot timelines and decides when shots close:
 *
 * <ul>
 *   <li><b>Next shot.</b> The first window of a higher shot index closes every open shot below it
 *       (the previous one ends where the transition to the new shot starts: the new shot's start
 *       frame after a cut, the first frame of a dissolve or fade).
 *   <li><b>End of stream.</b> The end-of-stream marker closes every open shot ({@link ShotBounds}:
 *       shots are the stretches between the stream's transitions, so each ends where the next
 *       transition starts; the last at the stream's end or where a final fade-out starts) and marks
 *       the last shot with the stream's error, cuts and transitions; a stream that ended before any
 *       window still gets its (empty) last shot.
 *   <li><b>Idle.</b> A wall-clock punctuator closes the open shots of streams not heard from within
 *       the idle time. A window that arrives later for the current shot reopens it.
 * </ul>
 *
 * <p>Late windows of a shot already closed by a cut or end of stream are folded in and a corrected
 * closed timeline is re-emitted (counted in {@code late-windows-total}). Because the timeline is a
 * function of the set of distinct windows and duplicates change nothing (counted in {@code
 * duplicate-windows-total}, no emission), reprocessing an archive leaves the compacted output topic
 * with the same final value per shot. Every change emits the shot's timeline (open while it grows,
 * closed once final); nothing is emitted when nothing changed.
 */
final class ShotTimelineProcessor implements Processor<String, MotionEvent, ShotKey, ShotTimeline> {

  private static final Logger LOG = LoggerFactory.getLogger(ShotTimelineProcessor.class);
  private static final String METRIC_GROUP = "camreasoner-aggregator";

  private final int minSegmentWindows;
  private final long idleCloseMs;
  private final Duration punctuateInterval;
  private ProcessorContext<ShotKey, ShotTimeline> context;
  private KeyValueStore<String, ShotState> shots;
  private KeyValueStore<String, StreamState> streams;
  private KeyValueStore<String, WindowRecord> windows;
  private final List<Sensor> sensors = new ArrayList<>();
  private Sensor duplicates;
  private Sensor lateWindows;
  private Sensor idleCloses;

  ShotTimelineProcessor(int minSegmentWindows, Duration idleClose, Duration punctuateInterval) {
    this.minSegmentWindows = minSegmentWindows;
    this.idleCloseMs = idleClose.toMillis();
    this.punctuateInterval = punctuateInterval;
  }

  @Override
  public void init(ProcessorContext<ShotKey, ShotTimeline> context) {
    this.context = context;
    this.shots = context.getStateStore(AggregatorTopology.SHOTS_STORE);
    this.streams = context.getStateStore(AggregatorTopology.STREAMS_STORE);
    this.windows = context.getStateStore(AggregatorTopology.WINDOWS_STORE);
    String task = context.taskId().toString();
    duplicates = counter(task, "duplicate-windows-total", "windows ignored as already folded");
    lateWindows = counter(task, "late-windows-total", "windows folded into an already closed shot");
    idleCloses = counter(task, "idle-closes-total", "shots closed for idleness");
    context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::closeIdleShots);
  }

  private Sensor counter(String task, String name, String description) {
    Sensor sensor =
        context.metrics().addSensor("aggregator." + name + "." + task, Sensor.RecordingLevel.INFO);
    sensor.add(
        new MetricName(name, METRIC_GROUP, description, Map.of("task-id", task)),
        new CumulativeCount());
    sensors.add(sensor);
    return sensor;
  }

  @Override
  public void process(Record<String, MotionEvent> record) {
    MotionEvent event = record.value();
    if (event == null) {
      LOG.warn("ignoring empty motion event for stream key '{}'", record.key());
      return;
    }
    TimelineId id = TimelineId.of(event);
    String key = AggregatorTopology.timelineKey(id);
    long now = context.currentSystemTimeMs();
    StreamState stream = streams.get(key);
    if (stream == null) {
      stream = StreamState.first(id, event.getSource());
    }
    stream = stream.seenAt(now);
    stream =
        event.getEndOfStream()
            ? endStream(stream, event, record.timestamp())
            : foldWindow(stream, event, record.timestamp());
    streams.put(key, stream);
  }

  private StreamState foldWindow(StreamState stream, MotionEvent event, long timestamp) {
    int shot = event.getShotIndex();
    if (shot > stream.currentShot()) {
      // open shots below, and the previous current shot even if idle already closed it (the cut
      // is a fact: reason and end frame are upgraded; a no-op when already closed by a cut)
      java.util.TreeSet<Integer> toClose = new java.util.TreeSet<>(stream.openShots());
      if (stream.currentShot() >= 0) {
        toClose.add(stream.currentShot());
      }
      for (int open : toClose.headSet(shot)) {
        long end = open == shot - 1 ? previousShotEnd(event) : -1;
        update(stream, open, f -> f.close(CloseReason.NEXT_SHOT, end), timestamp);
      }
      stream = stream.withCurrentShot(shot).withoutOpenBelow(shot);
    }
    TimelineFold fold = load(stream, shot);
    ShotState before = fold.state();
    if (!fold.add(event)) {
      duplicates.record();
      return stream;
    }
    if (fold.isClosed()) {
      if (fold.closeReason() == CloseReason.IDLE
          && shot == stream.currentShot()
          && !stream.ended()) {
        fold.reopenIfIdle();
        stream = stream.withOpen(shot);
      } else {
        lateWindows.record();
      }
    } else if (stream.ended()) {
      fold.close(CloseReason.END_OF_STREAM, -1);
      lateWindows.record();
    } else if (shot < stream.currentShot()) {
      fold.close(CloseReason.NEXT_SHOT, -1);
      lateWindows.record();
    } else {
      stream = stream.withOpen(shot);
    }
    stream = stream.withShotKnown(shot);
    windows.put(
        AggregatorTopology.windowStoreKey(stream.id(), shot, event.getWindowSeq()),
        WindowRecord.of(event));
    save(fold, before, timestamp);
    return stream;
  }

  /**
   * Where the shot before an event's shot ended (exclusive): where the transition between them
   * started, which a producer that knows only cuts does not say (then the shot's own start).
   */
  static long previousShotEnd(MotionEvent event) {
    return event.getPreviousShotEndFrame() >= 0
        ? event.getPreviousShotEndFrame()
        : event.getShotStartFrame();
  }

  /**
   * The stream's transitions as an end marker gives them; a marker of a producer that knows only
   * cuts gives its cuts as cut transitions.
   */
  static List<TransitionRecord> transitionsOf(MotionEvent marker) {
    if (!marker.getTransitions().isEmpty() || marker.getCuts().isEmpty()) {
      return TransitionRecord.of(marker.getTransitions());
    }
    return marker.getCuts().stream()
        .map(c -> new TransitionRecord(TransitionType.CUT.wire(), c, c + 1))
        .toList();
  }

  private StreamState endStream(StreamState stream, MotionEvent marker, long timestamp) {
    int last = Math.max(0, Math.max(stream.currentShot(), marker.getShotIndex()));
    List<Long> cuts = marker.getCuts();
    List<TransitionRecord> transitions = transitionsOf(marker);
    long streamEnd = marker.getLastFrame() >= 0 ? marker.getLastFrame() + 1 : -1;
    // shots are the stretches between transitions: each ends where the next transition starts
    List<ShotBounds.Range> bounds =
        ShotBounds.between(
            transitions.stream().map(TransitionRecord::toAvro).toList(),
            streamEnd >= 0 ? streamEnd : Long.MAX_VALUE);
    for (int open : stream.openShots()) {
      if (open != last) {
        long end = open < bounds.size() ? bounds.get(open).endFrame() : -1;
        update(stream, open, f -> f.close(CloseReason.END_OF_STREAM, end), timestamp);
      }
    }
    long lastStart =
        marker.getShotStartFrame() >= 0 && marker.getShotIndex() == last
            ? marker.getShotStartFrame()
            : (last < bounds.size() ? bounds.get(last).startFrame() : 0);
    // a stream that fades out ends its last shot where the fade starts
    long lastEnd = last < bounds.size() && streamEnd >= 0 ? bounds.get(last).endFrame() : streamEnd;
    update(
        stream,
        last,
        f -> {
          f.startAtIfUnknown(lastStart);
          f.fpsIfUnknown(marker.getFps());
          boolean closed = f.close(CloseReason.END_OF_STREAM, lastEnd);
          boolean marked = f.markLastShot(marker.getError(), cuts, transitions);
          return closed || marked;
        },
        timestamp);
    return stream
        .withCurrentShot(last)
        .withNoOpenShots()
        .endedWith(marker.getError() == null ? stream.error() : marker.getError());
  }

  private void closeIdleShots(long now) {
    List<KeyValue<String, StreamState>> idle = new ArrayList<>();
    try (KeyValueIterator<String, StreamState> it = streams.all()) {
      while (it.hasNext()) {
        KeyValue<String, StreamState> kv = it.next();
        StreamState s = kv.value;
        if (!s.openShots().isEmpty() && now - s.lastSeenMs() >= idleCloseMs) {
          idle.add(kv);
        }
      }
    }
    for (KeyValue<String, StreamState> kv : idle) {
      StreamState s = kv.value;
      LOG.info(
          "stream {} idle for {} ms: closing shots {}",
          s.id().describe(),
          now - s.lastSeenMs(),
          s.openShots());
      for (int shot : s.openShots()) {
        update(s, shot, f -> f.close(CloseReason.IDLE, -1), now);
        idleCloses.record();
      }
      streams.put(kv.key, s.withNoOpenShots());
    }
  }

  private void update(StreamState stream, int shot, Predicate<TimelineFold> change, long ts) {
    TimelineFold fold = load(stream, shot);
    ShotState before = fold.state();
    change.test(fold);
    save(fold, before, ts);
  }

  private TimelineFold load(StreamState stream, int shot) {
    ShotState state = shots.get(AggregatorTopology.shotStoreKey(stream.id(), shot));
    if (state == null) {
      return TimelineFold.empty(stream.id(), stream.source(), shot, minSegmentWindows);
    }
    return new TimelineFold(
        state.withWindows(windowsOf(windows, stream.id(), shot)), minSegmentWindows);
  }

  /** The stored windows of one shot in sequence order. */
  static List<WindowRecord> windowsOf(
      ReadOnlyKeyValueStore<String, WindowRecord> store, TimelineId id, int shot) {
    List<WindowRecord> out = new ArrayList<>();
    try (KeyValueIterator<String, WindowRecord> it =
        store.prefixScan(AggregatorTopology.shotWindowsPrefix(id, shot), new StringSerializer())) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  private void save(TimelineFold fold, ShotState before, long timestamp) {
    ShotState after = fold.state();
    if (after.equals(before)) {
      return;
    }
    shots.put(
        AggregatorTopology.shotStoreKey(after.id(), after.shotIndex()), after.withoutWindows());
    ShotTimeline timeline = fold.timeline(context.currentSystemTimeMs());
    context.forward(new Record<>(after.id().shotKey(after.shotIndex()), timeline, timestamp));
  }

  @Override
  public void close() {
    for (Sensor s : sensors) {
      context.metrics().removeSensor(s);
    }
    sensors.clear();
  }
}
