package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.window.Window;

/**
 * Where a stream's windows go: Kafka in production ({@code publish}), a list in tests. Calls for
 * one stream come from one thread, in order; {@link #end} is always called once, also after a
 * failure.
 */
public interface WindowSink {

  /** A finished window. Throwing fails the stream (the error reaches {@link #end}). */
  void window(StreamInfo stream, Window window) throws Exception;

  /** The stream ended (cleanly or in error); no more calls for it follow. */
  void end(StreamInfo stream, EndOfStream end) throws Exception;
}
