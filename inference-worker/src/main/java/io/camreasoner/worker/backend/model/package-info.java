/**
 * The {@code model} backend: a learned classifier over the motion descriptor of a window ({@link
 * io.camreasoner.reasoner.MotionFeatures}, measured by the geometric reasoner in the same pass as
 * its own decision), run with DJL ({@link io.camreasoner.worker.backend.model.MotionModel}: ONNX
 * Runtime by default, TensorRT on GPU hosts; engine chosen by {@code model.engine}); the model
 * outputs one sigmoid score per vocabulary label, optionally blended with the geometric scores
 * ({@link io.camreasoner.worker.backend.model.ModelEnsemble}), and {@link
 * io.camreasoner.worker.backend.model.LabelChoice} picks the labels. {@link
 * io.camreasoner.worker.backend.model.OnnxModelWriter} writes such models as ONNX without Python
 * (the training module uses it). No Kafka types here.
 */
package io.camreasoner.worker.backend.model;
