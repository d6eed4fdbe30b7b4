/**
 * Benchmarks behind {@code camreasoner bench} ({@link io.camreasoner.bench.BenchCommand}), each
 * printing ratios against a baseline measured in the same run: {@code accuracy} (labelled clips
 * from the synth module, or the bench's own varied scenes, scored for the geometric reasoner and a
 * 2D-similarity baseline without parallax: accuracy, per-label precision/recall, confusion matrix,
 * confusable-pair rates, false motion on still-camera clips, average precision from the
 * confidences) and {@code speed} (analysed frames per second on one core).
 *
 * <p>Seeds: development used 1..99 (reasoner unit tests) and 1000; 7000 and up are held out, and
 * the default seed 7001 is one of them.
 */
package io.camreasoner.bench;
