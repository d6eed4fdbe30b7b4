package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.window.Window;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A sink that keeps what it gets, for tests. */
final class CollectingSink implements WindowSink {
  final List<Window> windows = Collections.synchronizedList(new ArrayList<>());
  final List<EndOfStream> ends = Collections.synchronizedList(new ArrayList<>());
  final List<StreamInfo> infos = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void window(StreamInfo stream, Window window) {
    windows.add(window);
  }

  @Override
  public void end(StreamInfo stream, EndOfStream end) {
    infos.add(stream);
    ends.add(end);
  }
}
