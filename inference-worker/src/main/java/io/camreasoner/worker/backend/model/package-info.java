/**
 * The {@code model} backend: a learned classifier over the geometric cues of a window, run with DJL
 * (ONNX Runtime by default, TensorRT on GPU hosts; engine chosen by {@code model.engine}). The
 * input contract is {@link io.camreasoner.worker.backend.model.CueFeatures} (fixed order of the
 * reasoner's measurements); the model outputs one sigmoid score per vocabulary label. {@link
 * io.camreasoner.worker.backend.model.OnnxModelWriter} writes such models as ONNX without Python.
 * No Kafka types here.
 */
package io.camreasoner.worker.backend.model;
