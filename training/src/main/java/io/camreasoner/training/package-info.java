/**
 * Training of the learned motion model: reads the compact {@code bench dataset} CSV files (motion
 * features + labels of rendered synth clips), trains a small multi-label MLP with PyTorch through
 * DJL's PyTorch engine on CPU ({@link io.camreasoner.training.MlpTrainer}), exports it to ONNX with
 * the worker's {@code OnnxModelWriter} and checks the export against PyTorch through ONNX Runtime
 * ({@link io.camreasoner.training.TrainCommand}). Nothing else depends on this package's module, so
 * PyTorch never reaches the app's or the worker's runtime classpath. See {@code
 * training/README.md}.
 */
package io.camreasoner.training;
