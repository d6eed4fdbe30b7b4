package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.cuts.TransitionDetector;
import java.util.List;

/**
 * What ingesting one source did.
 *
 * @param source the source as shown to people
 * @param streamId its stream id
 * @param fps its frame rate (0 if it never opened)
 * @param frames frames decoded
 * @param windows windows produced
 * @param cuts hard cuts found (first frame of each new shot)
 * @param decodeErrors packets skipped (the report's "skipped packets"): frames FFmpeg could only
 *     conceal, packets it failed on, frames missing from a constant-rate stream
 * @param reconnects reconnections of a live source
 * @param error why the source failed, or null when it was ingested
 * @param session the ingest session its windows carry (0 for an archive; see {@code
 *     FrameWindow.session})
 * @param transitions every transition found (cuts, dissolves, fades) in frame order
 */
public record IngestResult(
    String source,
    String streamId,
    double fps,
    long frames,
    long windows,
    List<Long> cuts,
    long decodeErrors,
    int reconnects,
    String error,
    long session,
    List<TransitionDetector.Found> transitions) {

  /** Copies the lists. */
  public IngestResult {
    cuts = List.copyOf(cuts);
    transitions = List.copyOf(transitions);
  }

  /** A result of a producer that knows only cuts (the transitions are the cuts). */
  public IngestResult(
      String source,
      String streamId,
      double fps,
      long frames,
      long windows,
      List<Long> cuts,
      long decodeErrors,
      int reconnects,
      String error,
      long session) {
    this(
        source,
        streamId,
        fps,
        frames,
        windows,
        cuts,
        decodeErrors,
        reconnects,
        error,
        session,
        cuts.stream()
            .map(
                c ->
                    new TransitionDetector.Found(
                        io.camreasoner.schemas.TransitionType.CUT, c, c + 1))
            .toList());
  }

  /** A source that failed before producing anything. */
  public static IngestResult failed(String source, String streamId, String error, long session) {
    return new IngestResult(source, streamId, 0, 0, 0, List.of(), 0, 0, error, session);
  }

  /** True when the source was ingested without error. */
  public boolean ok() {
    return error == null;
  }
}
