package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.TransitionType;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What every export is made from: one timeline of one video (a stream, one ingest session, one
 * producer) with what is known of its source. {@code analyze} and {@code reprocess} build it from
 * the ingest result and the collected timeline, the query API from the shots it serves.
 *
 * @param source the source as the user named it
 * @param streamId the stream id
 * @param session the ingest session
 * @param producer what produced the timeline (backend@modelVersion#settings)
 * @param fps the source's frame rate
 * @param frames frames in the source (the end of the last shot when not known otherwise)
 * @param cuts first frame of each shot after the first
 * @param transitions every transition of the source in frame order (cuts, dissolves, fades; empty
 *     when only its cuts are known): the EDL and OTIO exports write the gradual ones
 * @param startTimecode the source's start timecode, null when it has none
 * @param shots the timeline's shots in order
 */
public record VideoTimeline(
    String source,
    String streamId,
    long session,
    String producer,
    double fps,
    long frames,
    List<Long> cuts,
    List<Transition> transitions,
    String startTimecode,
    List<ShotTimeline> shots) {

  /** The frame rate assumed for timecode when a source never told its own (it never opened). */
  static final double FALLBACK_FPS = 25.0;

  public VideoTimeline {
    cuts = List.copyOf(cuts);
    transitions = List.copyOf(transitions);
    shots = List.copyOf(shots);
  }

  /**
   * The video of a timeline's shots as the aggregator knows them: source, stream, session, producer
   * and frame rate from the shots; frames up to the last shot's end; the cuts the last shot carries
   * once the stream ended (none when its shots are joined by dissolves and fades only), else the
   * start of every shot after the first; the transitions the last shot carries once the stream
   * ended, else none.
   *
   * @param startTimecode the source's start timecode, null when unknown
   * @throws IllegalArgumentException when there are no shots
   */
  public static VideoTimeline of(List<ShotTimeline> shots, String startTimecode) {
    if (shots.isEmpty()) {
      throw new IllegalArgumentException("a timeline without shots has nothing to export");
    }
    ShotTimeline first = shots.get(0);
    ShotTimeline last = shots.get(shots.size() - 1);
    List<Long> cuts = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    if (last.getLastShot() && (!last.getCuts().isEmpty() || !last.getTransitions().isEmpty())) {
      cuts.addAll(last.getCuts());
      transitions.addAll(last.getTransitions());
    } else {
      for (ShotTimeline t : shots.subList(1, shots.size())) {
        cuts.add(t.getStartFrame());
      }
    }
    return new VideoTimeline(
        first.getSource(),
        first.getStreamId(),
        first.getSession(),
        first.getProducer(),
        first.getFps(),
        last.getEndFrame(),
        cuts,
        transitions,
        startTimecode,
        shots);
  }

  /**
   * The gradual transitions (dissolves, fades) in frame order, each spanning at least one frame.
   */
  List<Transition> gradualTransitions() {
    return transitions.stream()
        .filter(
            t ->
                TransitionType.fromWire(t.getType()).map(TransitionType::gradual).orElse(false)
                    && t.getEndFrame() > t.getStartFrame())
        .toList();
  }

  /** True when {@code t} is a transition of this type. */
  static boolean is(Transition t, TransitionType type) {
    return type.wire().equals(t.getType());
  }

  /**
   * The dissolve or fade-in among {@code transitions} that ends where a shot starting at {@code
   * frame} begins (the one it comes in from), null when none does (it comes after a cut).
   */
  static Transition into(List<Transition> transitions, long frame) {
    for (Transition t : transitions) {
      if (t.getEndFrame() == frame && !is(t, TransitionType.FADE_OUT)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The dissolve or fade-out among {@code transitions} that starts where a shot ending at {@code
   * frame} ends (the one it goes out by), null when none does.
   */
  static Transition outOf(List<Transition> transitions, long frame) {
    for (Transition t : transitions) {
      if (t.getStartFrame() == frame && !is(t, TransitionType.FADE_IN)) {
        return t;
      }
    }
    return null;
  }

  /** The timecode of this video's frames (its frame rate and start timecode). */
  public Timecode timecode() {
    return Timecode.of(fps > 0 ? fps : FALLBACK_FPS, startTimecode);
  }

  /** The frame rate exports count time with. */
  double rate() {
    return fps > 0 ? fps : FALLBACK_FPS;
  }

  /**
   * The source's base name: its file name without the extension ({@code clips/a.mp4} → {@code a});
   * for a URL the last path segment's, else its host.
   */
  public String baseName() {
    return baseName(source);
  }

  /** The base name of a source as {@link #baseName()} defines it. */
  public static String baseName(String source) {
    String name = source;
    int scheme = source.indexOf("://");
    if (scheme > 0) {
      try {
        URI uri = URI.create(source);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        name = path.isEmpty() ? String.valueOf(uri.getHost()) : path;
      } catch (IllegalArgumentException e) {
        name = source.substring(scheme + 3);
      }
    }
    name = name.replace('\\', '/').replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isEmpty() ? "video" : name;
  }
}
