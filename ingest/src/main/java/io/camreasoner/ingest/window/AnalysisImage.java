package io.camreasoner.ingest.window;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A frame at the analysis resolution as interleaved BGR bytes (a copy: safe to keep after the
 * decoder moves on), and its JPEG encoding, in colour or grey, on demand.
 *
 * @param bgr width*height*3 bytes
 * @param width analysis width
 * @param height analysis height
 */
public record AnalysisImage(byte[] bgr, int width, int height) {

  /** Scales a decoded BGR frame down to the analysis size (area interpolation: no aliasing). */
  public static AnalysisImage of(Mat source, int width, int height) {
    try (PointerScope scope = new PointerScope()) {
      return copyOf(scaled(source, width, height));
    }
  }

  /**
   * A decoded BGR frame at the analysis size (area interpolation: no aliasing): the frame itself
   * when it has that size, else a new Mat in the caller's {@link PointerScope}.
   */
  public static Mat scaled(Mat source, int width, int height) {
    if (source.cols() == width && source.rows() == height) {
      return source;
    }
    Mat scaled = new Mat();
    resize(source, scaled, new Size(width, height), 0, 0, INTER_AREA);
    return scaled;
  }

  /** A copy of a BGR frame that is already at the analysis size. */
  public static AnalysisImage copyOf(Mat scaled) {
    byte[] px = new byte[scaled.cols() * scaled.rows() * 3];
    if (scaled.isContinuous()) {
      scaled.data().get(px);
    } else {
      try (PointerScope scope = new PointerScope()) {
        scaled.clone().data().get(px);
      }
    }
    return new AnalysisImage(px, scaled.cols(), scaled.rows());
  }

  /**
   * The image as baseline JPEG: in colour, or as its grey (BT.601 luma) plane, the same luma a
   * colour JPEG carries, at about half the encoding cost.
   */
  public byte[] jpeg(int quality, boolean colour) {
    try (PointerScope scope = new PointerScope()) {
      Mat mat = new Mat(height, width, CV_8UC3, new BytePointer(bgr));
      if (!colour) {
        Mat grey = new Mat();
        cvtColor(mat, grey, COLOR_BGR2GRAY);
        mat = grey;
      }
      BytePointer out = new BytePointer();
      if (!imencode(".jpg", mat, out, new IntPointer(IMWRITE_JPEG_QUALITY, quality))) {
        throw new IllegalStateException(
            "JPEG encoding failed for a " + width + "x" + height + " frame");
      }
      byte[] jpeg = new byte[(int) out.limit()];
      out.get(jpeg);
      return jpeg;
    }
  }
}
