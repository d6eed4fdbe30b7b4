package io.camreasoner.worker.backend.model;

import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.DecodedWindow;

/**
 * Measures what the learned model classifies: in production the geometric reasoner's analysis of
 * the window ({@code GeometryBackendFactory#featureSource()}), which yields the motion descriptor
 * and the geometric decision from one pass over the frames. One instance per processing thread,
 * like the backend using it.
 */
@FunctionalInterface
public interface FeatureSource {

  /** The measurements of a window. */
  MeasuredWindow measure(DecodedWindow window) throws BackendException;
}
