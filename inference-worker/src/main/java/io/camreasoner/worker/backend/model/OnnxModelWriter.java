package io.camreasoner.worker.backend.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes motion classifiers ({@link MlpWeights}) as ONNX models without Python: the {@code
 * ModelProto} is encoded with a minimal protobuf wire-format writer, because neither {@code onnx}
 * nor a protobuf ONNX binding is available on the JVM here. IR version 8, default-domain opset 13,
 * and only operators that both ONNX Runtime 1.21 and TensorRT 8.6 (opset &lt;= 17) implement:
 *
 * <pre>
 * features[N,F] → Sub(MEAN) → Mul(SCALE) → { MatMul(W_k) → Add(B_k) → Relu }* → MatMul → Add
 *   → Sigmoid → scores[N,O]
 * </pre>
 *
 * {@code N} is symbolic ("batch"). Key-value metadata (e.g. the feature layout a model was trained
 * on) goes to {@code metadata_props}. Only the protobuf fields this graph needs are written; field
 * numbers follow {@code onnx.proto}. The same weights always give the same bytes.
 */
public final class OnnxModelWriter {

  /** Name of the model's input tensor. */
  public static final String INPUT = "features";

  /** Name of the model's output tensor. */
  public static final String OUTPUT = "scores";

  /** The ONNX opset the graph is written for. */
  public static final long OPSET = 13;

  private static final long IR_VERSION = 8;
  private static final int FLOAT = 1; // TensorProto.DataType.FLOAT

  private OnnxModelWriter() {}

  /** Writes the model to a file. */
  public static void write(MlpWeights weights, String docString, Path file) throws IOException {
    write(weights, docString, Map.of(), file);
  }

  /** Writes the model with metadata to a file. */
  public static void write(
      MlpWeights weights, String docString, Map<String, String> metadata, Path file)
      throws IOException {
    Files.write(file, encode(weights, docString, metadata));
  }

  /** The serialized ONNX {@code ModelProto} of a motion classifier. */
  public static byte[] encode(MlpWeights m, String docString) {
    return encode(m, docString, Map.of());
  }

  /** The serialized ONNX {@code ModelProto} of a motion classifier, with metadata. */
  public static byte[] encode(MlpWeights m, String docString, Map<String, String> metadata) {
    Proto graph = new Proto();
    graph.message(1, node("Sub", "input_centre", INPUT, "MEAN", "x_centred"));
    graph.message(1, node("Mul", "input_scale", "x_centred", "SCALE", "h0"));
    int layers = m.weights().size();
    String h = "h0";
    for (int k = 0; k < layers; k++) {
      int l = k + 1;
      String mm = "l" + l + "_matmul_out";
      String add = k == layers - 1 ? "logits" : "l" + l + "_add_out";
      graph.message(1, node("MatMul", "l" + l + "_matmul", h, "W" + l, mm));
      graph.message(1, node("Add", "l" + l + "_add", mm, "B" + l, add));
      if (k < layers - 1) {
        h = "l" + l + "_relu_out";
        graph.message(1, node("Relu", "l" + l + "_relu", add, null, h));
      }
    }
    graph.message(1, node("Sigmoid", "out_sigmoid", "logits", null, OUTPUT));
    graph.string(2, "motion_classifier");
    graph.message(5, tensor("MEAN", new long[] {m.inputs()}, m.inputMean()));
    graph.message(5, tensor("SCALE", new long[] {m.inputs()}, m.inputScale()));
    for (int k = 0; k < layers; k++) {
      float[][] w = m.weights().get(k);
      graph.message(5, tensor("W" + (k + 1), new long[] {w.length, w[0].length}, flatten(w)));
      float[] b = m.biases().get(k);
      graph.message(5, tensor("B" + (k + 1), new long[] {b.length}, b));
    }
    graph.message(11, valueInfo(INPUT, m.inputs()));
    graph.message(12, valueInfo(OUTPUT, m.outputs()));

    Proto opset = new Proto();
    opset.string(1, "");
    opset.varint(2, OPSET);

    Proto model = new Proto();
    model.varint(1, IR_VERSION);
    model.string(2, "camreasoner");
    model.string(3, "1");
    model.varint(5, 1);
    model.string(6, docString == null ? "" : docString);
    model.message(7, graph);
    model.message(8, opset);
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      Proto entry = new Proto();
      entry.string(1, e.getKey());
      entry.string(2, e.getValue());
      model.message(14, entry);
    }
    return model.bytes();
  }

  private static Proto node(String op, String name, String in1, String in2, String out) {
    Proto n = new Proto();
    n.string(1, in1);
    if (in2 != null) {
      n.string(1, in2);
    }
    n.string(2, out);
    n.string(3, name);
    n.string(4, op);
    return n;
  }

  private static Proto tensor(String name, long[] dims, float[] data) {
    Proto t = new Proto();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, FLOAT);
    t.string(8, name);
    ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : data) {
      raw.putFloat(v);
    }
    t.bytes(9, raw.array());
    return t;
  }

  /** ValueInfoProto of a float tensor {@code [batch, width]}. */
  private static Proto valueInfo(String name, int width) {
    Proto batch = new Proto();
    batch.string(2, "batch"); // dim_param
    Proto fixed = new Proto();
    fixed.varint(1, width); // dim_value
    Proto shape = new Proto();
    shape.message(1, batch);
    shape.message(1, fixed);
    Proto tensorType = new Proto();
    tensorType.varint(1, FLOAT);
    tensorType.message(2, shape);
    Proto type = new Proto();
    type.message(1, tensorType);
    Proto vi = new Proto();
    vi.string(1, name);
    vi.message(2, type);
    return vi;
  }

  private static float[] flatten(float[][] m) {
    float[] out = new float[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
    }
    return out;
  }

  /** A protobuf message under construction (wire types 0 = varint and 2 = length-delimited). */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      writeVarint((long) field << 3);
      writeVarint(value);
    }

    void string(int field, String value) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void message(int field, Proto message) {
      bytes(field, message.bytes());
    }

    void bytes(int field, byte[] value) {
      writeVarint(((long) field << 3) | 2);
      writeVarint(value.length);
      out.write(value, 0, value.length);
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void writeVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
