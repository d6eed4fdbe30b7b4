package io.camreasoner.worker.backend.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import io.camreasoner.reasoner.MotionFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ONNX Runtime's extracted native libraries do not outlive the model load that needed them. */
class OnnxRuntimeFilesTest {

  @Test
  void shouldLeaveNoExtractedLibrariesBehindWhenAModelIsLoadedOnOnnxRuntime() throws Exception {
    try (MotionModel model = MotionModel.load(null, "OnnxRuntime", 1)) {
      // the binding still records where it extracted (a version that stops doing so fails here,
      // and its clean-up must then be looked at again)
      Path extracted = OnnxRuntimeFiles.extractionDirectory().orElseThrow();
      assertThat(extracted.getFileName().toString()).startsWith("onnxruntime-java");
      assertThat(Files.exists(extracted)).as("%s left behind", extracted).isFalse();
      // the loaded runtime works without its files
      try (Predictor<FeatureBatch, float[][]> predictor = model.newPredictor()) {
        float[][] scores =
            predictor.predict(new FeatureBatch(new float[][] {new float[MotionFeatures.COUNT]}));
        assertThat(scores[0]).hasSize(15);
      }
    }
  }
}
