/**
 * Camera-motion reasoning: frames in, labels, cues and Observation-Thinking-Answer text out. Knows
 * nothing of Kafka, files or threads.
 *
 * <p>Public API (small and stable; the inference worker calls it): {@link
 * io.camreasoner.reasoner.CameraMotionReasoner} and its implementation {@link
 * io.camreasoner.reasoner.GeometricReasoner} (thread-safe) configured by {@link
 * io.camreasoner.reasoner.GeometryConfig}; inputs {@link io.camreasoner.reasoner.AnalysisFrame}
 * (built with {@link io.camreasoner.reasoner.Frames} from JPEG or BGR) and {@link
 * io.camreasoner.reasoner.AnalysisWindow}; output {@link io.camreasoner.reasoner.ReasoningResult}
 * with {@link io.camreasoner.reasoner.MotionCues}; {@link io.camreasoner.reasoner.OtaText} formats
 * and tolerantly parses tagged Observation-Thinking-Answer text.
 *
 * <p>Method, package-private, one class per step ({@code GeometricReasoner} runs them in order):
 * {@code KltTracker} (Shi-Tomasi corners, pyramidal Lucas-Kanade with a forward-backward check,
 * chained over the window, reseeded as content leaves); {@code BackgroundFitter} (the background's
 * homography over the longest well-tracked baseline, fitted robustly, read at the centre as rates;
 * the tracking noise and the share of still tracks); {@code MoverSeparator} (groups of tracks that
 * leave it together); {@code ParallaxTest} (whether those groups are one translation's parallax:
 * residuals through one epipole or along one direction, checked against movers, keystones and the
 * background's own motion); {@code ParallaxField} (a translation's parallax too small for any
 * group, read from the whole field of background tracks); {@code ExpandingLayers} (groups that
 * scale about the focus of expansion at the rate their offset from it predicts, as a dolly's depth
 * layers do and walkers do not); {@code MotionDecision} (thresholds in frame-widths/s, %/s, °/s and
 * track shares, the documented rule for scenes without parallax, per-label confidences); {@code
 * Explanation} (the text).
 *
 * <p>Tuning data: the unit tests' rendered scenes (seeds 1..99) and the benchmark's seed 1000.
 * Seeds from 7000 up are held out for measurement (see the bench module).
 */
package io.camreasoner.reasoner;
