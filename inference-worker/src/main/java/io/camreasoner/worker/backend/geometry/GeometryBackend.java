package io.camreasoner.worker.backend.geometry;

import io.camreasoner.reasoner.CameraMotionReasoner;
import io.camreasoner.reasoner.ReasoningResult;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import java.util.ArrayList;
import java.util.List;

/** The {@code geometry} backend of one processing thread. */
final class GeometryBackend implements ReasonerBackend {

  private final CameraMotionReasoner reasoner;
  private final String version;

  GeometryBackend(CameraMotionReasoner reasoner, String version) {
    this.reasoner = reasoner;
    this.version = version;
  }

  @Override
  public String name() {
    return "geometry";
  }

  @Override
  public String modelVersion() {
    return version;
  }

  @Override
  public List<BackendResult> reason(List<DecodedWindow> windows) throws BackendException {
    List<BackendResult> out = new ArrayList<>(windows.size());
    for (int i = 0; i < windows.size(); i++) {
      DecodedWindow w = windows.get(i);
      long start = System.nanoTime();
      ReasoningResult r;
      try {
        r = reasoner.reason(GeometryBackendFactory.analysisWindow(w));
      } catch (IllegalArgumentException e) {
        // the window cannot be analysed (one frame, sizes differ): nothing a retry can change
        throw new BackendException(w.describe() + ": " + e.getMessage(), false, i, e);
      }
      out.add(
          new BackendResult(
              r.labels(),
              r.scores(),
              r.observation(),
              r.thinking(),
              r.answer(),
              GeometryBackendFactory.toAvro(r.cues()),
              (System.nanoTime() - start) / 1e6));
    }
    return out;
  }

  @Override
  public void close() {
    // the reasoner holds no native state between calls
  }
}
