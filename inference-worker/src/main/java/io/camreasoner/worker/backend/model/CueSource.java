package io.camreasoner.worker.backend.model;

import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.DecodedWindow;

/**
 * Measures the cues of a window that the learned model classifies; in production the geometric
 * reasoner's measurements. One instance per processing thread, like the backend using it.
 */
@FunctionalInterface
public interface CueSource {

  /** The measured cues of a window. */
  MotionCues measure(DecodedWindow window) throws BackendException;
}
