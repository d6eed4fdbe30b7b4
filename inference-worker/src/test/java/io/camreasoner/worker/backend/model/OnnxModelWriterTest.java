package io.camreasoner.worker.backend.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.reasoner.MotionFeatures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads the written {@code ModelProto} back with a minimal protobuf reader and checks what the
 * engines rely on: IR version, opset, operators TensorRT 8.6 supports, tensor names, metadata.
 */
class OnnxModelWriterTest {

  /** ONNX operators TensorRT 8.6's ONNX parser implements, of those an MLP could use. */
  private static final Set<String> TENSORRT_86_OPS =
      Set.of("Sub", "Mul", "MatMul", "Gemm", "Add", "Relu", "Sigmoid");

  @Test
  void shouldWriteOnlyOperatorsThatOnnxRuntimeAndTensorRtBothAccept() {
    MlpWeights w = ModelBackendTest.randomWeights(1, MotionFeatures.COUNT);

    byte[] bytes = OnnxModelWriter.encode(w, "doc", Map.of("camreasoner.features", "v1"));

    Map<Integer, List<Object>> model = parse(bytes);
    assertThat(model.get(1)).containsExactly(8L); // ir_version
    Map<Integer, List<Object>> opset = parse((byte[]) model.get(8).get(0));
    assertThat(opset.get(2)).containsExactly(13L); // <= 17 for TensorRT 8.6
    Map<Integer, List<Object>> graph = parse((byte[]) model.get(7).get(0));
    List<String> ops = new ArrayList<>();
    for (Object node : graph.get(1)) {
      ops.add(text(parse((byte[]) node).get(4).get(0)));
    }
    assertThat(ops)
        .containsExactly(
            "Sub", "Mul", "MatMul", "Add", "Relu", "MatMul", "Add", "Relu", "MatMul", "Add",
            "Sigmoid");
    assertThat(TENSORRT_86_OPS).containsAll(ops);
    assertThat(text(parse((byte[]) graph.get(11).get(0)).get(1).get(0)))
        .isEqualTo(OnnxModelWriter.INPUT);
    assertThat(text(parse((byte[]) graph.get(12).get(0)).get(1).get(0)))
        .isEqualTo(OnnxModelWriter.OUTPUT);
    Map<Integer, List<Object>> meta = parse((byte[]) model.get(14).get(0));
    assertThat(text(meta.get(1).get(0))).isEqualTo("camreasoner.features");
    assertThat(text(meta.get(2).get(0))).isEqualTo("v1");
  }

  @Test
  void shouldWriteTheSameBytesForTheSameWeights() {
    MlpWeights w = ModelBackendTest.randomWeights(2, MotionFeatures.COUNT);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("b", "2");
    meta.put("a", "1");

    assertThat(OnnxModelWriter.encode(w, "x", meta))
        .isEqualTo(OnnxModelWriter.encode(w, "x", Map.of("a", "1", "b", "2")));
  }

  private static String text(Object bytes) {
    return new String((byte[]) bytes, StandardCharsets.UTF_8);
  }

  /** Fields of one message: varints as Long, length-delimited values as byte[]. */
  private static Map<Integer, List<Object>> parse(byte[] b) {
    Map<Integer, List<Object>> fields = new LinkedHashMap<>();
    int[] pos = {0};
    while (pos[0] < b.length) {
      long key = varint(b, pos);
      int field = (int) (key >>> 3);
      int type = (int) (key & 7);
      Object value;
      if (type == 0) {
        value = varint(b, pos);
      } else if (type == 2) {
        int len = (int) varint(b, pos);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, pos[0], len);
        pos[0] += len;
        value = out.toByteArray();
      } else {
        throw new IllegalStateException("unexpected wire type " + type);
      }
      fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  private static long varint(byte[] b, int[] pos) {
    long v = 0;
    int shift = 0;
    while (true) {
      int x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
      shift += 7;
    }
  }
}
