package io.camreasoner.aggregator.api;

import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which of a stream's timelines a query means. A stream has one timeline per ingest session and
 * producer: an archive re-run with the same reasoner stays one timeline, a live stream restarted or
 * a re-run with another model adds one. Unless the query names them ({@code ?session=}, {@code
 * ?producer=}, or {@code all}), the answer is the latest session and, within it, the producer whose
 * timeline changed last: what a viewer of the stream expects to see.
 *
 * @param session the session asked for, null for the latest, {@code "all"} for every one
 * @param producer the producer asked for, null for the latest, {@code "all"} for every one
 */
public record TimelineSelection(String session, String producer) {

  /** The query value that selects every session or producer. */
  public static final String ALL = "all";

  /** The default: latest session, latest producer. */
  public static TimelineSelection latest() {
    return new TimelineSelection(null, null);
  }

  /** Every timeline of the stream. */
  public static TimelineSelection everything() {
    return new TimelineSelection(ALL, ALL);
  }

  /**
   * The shots of the selected timeline(s), in session, producer and shot order.
   *
   * @throws IllegalArgumentException when {@code session} is neither a number nor {@code all}
   */
  public List<ShotTimeline> select(List<ShotTimeline> shots) {
    List<ShotTimeline> inSession = shots;
    if (!ALL.equals(session)) {
      long s = session == null ? latestSession(shots) : parseSession(session);
      inSession = shots.stream().filter(t -> t.getSession() == s).toList();
    }
    List<ShotTimeline> chosen = inSession;
    if (!ALL.equals(producer)) {
      String p = producer != null ? producer : latestProducer(inSession).orElse("");
      chosen = inSession.stream().filter(t -> t.getProducer().equals(p)).toList();
    }
    return chosen.stream()
        .sorted(
            Comparator.comparingLong(ShotTimeline::getSession)
                .thenComparing(ShotTimeline::getProducer)
                .thenComparingInt(ShotTimeline::getShotIndex))
        .toList();
  }

  /** The distinct timelines among these shots, in session and producer order. */
  public static List<TimelineId> timelines(List<ShotTimeline> shots) {
    TreeSet<TimelineId> ids =
        new TreeSet<>(
            Comparator.comparingLong(TimelineId::session).thenComparing(TimelineId::producer));
    shots.forEach(t -> ids.add(new TimelineId(t.getStreamId(), t.getSession(), t.getProducer())));
    return List.copyOf(ids);
  }

  private static long latestSession(List<ShotTimeline> shots) {
    return shots.stream().mapToLong(ShotTimeline::getSession).max().orElse(0);
  }

  private static Optional<String> latestProducer(List<ShotTimeline> shots) {
    return shots.stream()
        .max(
            Comparator.comparingLong(ShotTimeline::getUpdatedAtMs)
                .thenComparing(ShotTimeline::getProducer))
        .map(ShotTimeline::getProducer);
  }

  private static long parseSession(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "session '" + text + "' is neither a session number nor '" + ALL + "'");
    }
  }
}
