package io.camreasoner.worker.backend.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes cue classifiers as ONNX models (IR version 8, opset 13: loadable by ONNX Runtime 1.21 and
 * TensorRT 8.6) without Python: the {@code ModelProto} is encoded with a minimal protobuf
 * wire-format writer, because neither {@code onnx} nor a protobuf ONNX binding is available on the
 * JVM here. Graph: {@code features[N,F] → MatMul → Add → Relu → MatMul → Add → Sigmoid →
 * scores[N,O]}, {@code N} symbolic ("batch").
 *
 * <p>Only the protobuf fields this graph needs are written; field numbers follow {@code
 * onnx.proto}.
 */
public final class OnnxModelWriter {

  /** Name of the model's input tensor. */
  public static final String INPUT = "features";

  /** Name of the model's output tensor. */
  public static final String OUTPUT = "scores";

  private static final long IR_VERSION = 8;
  private static final long OPSET = 13;
  private static final int FLOAT = 1; // TensorProto.DataType.FLOAT

  private OnnxModelWriter() {}

  /** Writes the model to a file. */
  public static void write(MlpWeights weights, String docString, Path file) throws IOException {
    Files.write(file, encode(weights, docString));
  }

  /** The serialized ONNX {@code ModelProto} of an MLP cue classifier. */
  public static byte[] encode(MlpWeights m, String docString) {
    Proto graph = new Proto();
    graph.message(1, node("MatMul", "l1_matmul", INPUT, "W1", "h1"));
    graph.message(1, node("Add", "l1_add", "h1", "B1", "h2"));
    graph.message(1, node("Relu", "l1_relu", "h2", null, "h3"));
    graph.message(1, node("MatMul", "l2_matmul", "h3", "W2", "h4"));
    graph.message(1, node("Add", "l2_add", "h4", "B2", "logits"));
    graph.message(1, node("Sigmoid", "out_sigmoid", "logits", null, OUTPUT));
    graph.string(2, "cue_classifier");
    graph.message(5, tensor("W1", new long[] {m.inputs(), m.hidden()}, flatten(m.w1())));
    graph.message(5, tensor("B1", new long[] {m.hidden()}, m.b1()));
    graph.message(5, tensor("W2", new long[] {m.hidden(), m.outputs()}, flatten(m.w2())));
    graph.message(5, tensor("B2", new long[] {m.outputs()}, m.b2()));
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
