package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/** Builds {@link AnalysisFrame}s from what the pipeline carries: JPEG bytes or BGR pixels. */
public final class Frames {

  private Frames() {}

  /**
   * Decodes a JPEG (or any format OpenCV reads) straight to grey.
   *
   * @throws IllegalArgumentException if the bytes are not a decodable image
   */
  public static AnalysisFrame fromJpeg(byte[] jpeg, long frameNumber, long timestampMicros) {
    if (jpeg == null || jpeg.length == 0) {
      throw new IllegalArgumentException("frame " + frameNumber + ": no image bytes");
    }
    try (PointerScope scope = new PointerScope()) {
      Mat buf = new Mat(1, jpeg.length, CV_8UC1, new BytePointer(jpeg));
      Mat gray = imdecode(buf, IMREAD_GRAYSCALE);
      if (gray == null || gray.empty()) {
        throw new IllegalArgumentException(
            "frame " + frameNumber + ": not a decodable image (" + jpeg.length + " bytes)");
      }
      return new AnalysisFrame(
          grayBytes(gray), gray.cols(), gray.rows(), frameNumber, timestampMicros);
    }
  }

  /**
   * Converts interleaved 8-bit BGR pixels ({@code width * height * 3} bytes, row-major) to grey.
   *
   * @throws IllegalArgumentException if the buffer size does not match
   */
  public static AnalysisFrame fromBgr(
      byte[] bgr, int width, int height, long frameNumber, long timestampMicros) {
    if (bgr == null || width <= 0 || height <= 0 || bgr.length != width * height * 3) {
      throw new IllegalArgumentException(
          "frame "
              + frameNumber
              + ": BGR buffer of "
              + (bgr == null ? 0 : bgr.length)
              + " bytes does not match "
              + width
              + "x"
              + height
              + "x3");
    }
    try (PointerScope scope = new PointerScope()) {
      Mat color = new Mat(height, width, CV_8UC3, new BytePointer(bgr));
      Mat gray = new Mat();
      cvtColor(color, gray, COLOR_BGR2GRAY);
      return new AnalysisFrame(grayBytes(gray), width, height, frameNumber, timestampMicros);
    }
  }

  /** Wraps grey pixels of a continuous 8-bit single-channel Mat (copied). */
  static byte[] grayBytes(Mat gray) {
    Mat m = gray.isContinuous() ? gray : gray.clone();
    byte[] out = new byte[m.cols() * m.rows()];
    m.data().get(out);
    return out;
  }
}
