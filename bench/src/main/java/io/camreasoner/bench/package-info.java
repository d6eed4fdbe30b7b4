/**
 * Benchmarks behind {@code camreasoner bench} ({@link io.camreasoner.bench.BenchCommand}), each
 * printing ratios against a baseline measured in the same run: {@code accuracy} (labelled clips
 * from the synth module, or the bench's own varied scenes, scored for the geometric reasoner, the
 * learned motion model over the same analysis, their ensemble and a 2D-similarity baseline without
 * parallax: accuracy, per-label precision/recall, confusion matrices, confusable-pair rates, false
 * motion on still-camera clips, average precision from the confidences, the model's speed on one
 * core), {@code speed} (analysed frames per second on one core), {@code ingest} (decode, cuts and
 * windows against plain FFmpeg decode) and {@code dataset} (the learned model's training data:
 * motion features and labels of rendered clips, as CSV).
 *
 * <p>Seeds: development used 1..99 (reasoner unit tests) and 1000; training data uses 2000-3999
 * (training 2000-2199, validation 3000-3039, see training/README.md); 7000 and up are held out, and
 * the default seed 7001 is one of them.
 */
package io.camreasoner.bench;
