package io.camreasoner.ingest.window;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YCrCb;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A frame at the analysis resolution as full-range (JPEG) YUV 4:2:0 planes, I420 order (a copy:
 * safe to keep after the decoder moves on). The luma plane is what the cut signature reads and the
 * planes are what the {@link JpegEncoder} takes, so no frame is ever converted to BGR.
 *
 * @param i420 {@code width*height} luma bytes, then {@code width/2*height/2} Cb and as many Cr
 * @param width analysis width (even)
 * @param height analysis height (even)
 */
public record AnalysisImage(byte[] i420, int width, int height) {

  /** Validates the plane sizes. */
  public AnalysisImage {
    if (width % 2 != 0 || height % 2 != 0 || i420.length != width * height * 3 / 2) {
      throw new IllegalArgumentException(
          "I420 needs an even size and width*height*3/2 bytes: "
              + width
              + "x"
              + height
              + ", "
              + i420.length
              + " bytes");
    }
  }

  /** Copies full-range I420 planes the decoder delivered at the analysis size. */
  public static AnalysisImage ofI420(Mat planes, int width, int height) {
    byte[] px = new byte[width * height * 3 / 2];
    if (planes.cols() != width || planes.rows() != height * 3 / 2 || !planes.isContinuous()) {
      throw new IllegalArgumentException(
          "expected "
              + width
              + "x"
              + height
              + " I420 planes, got a "
              + planes.cols()
              + "x"
              + planes.rows()
              + " Mat");
    }
    planes.data().get(px);
    return new AnalysisImage(px, width, height);
  }

  /**
   * Scales a BGR frame down to the analysis size (area interpolation: no aliasing) and converts it
   * to full-range YUV 4:2:0: for frames the decoder could not deliver as planes (turned upright).
   */
  public static AnalysisImage ofBgr(Mat source, int width, int height) {
    try (PointerScope scope = new PointerScope()) {
      Mat scaled = source;
      if (source.cols() != width || source.rows() != height) {
        scaled = new Mat();
        resize(source, scaled, new Size(width, height), 0, 0, INTER_AREA);
      }
      Mat ycrcb = new Mat();
      cvtColor(scaled, ycrcb, COLOR_BGR2YCrCb); // JPEG's full-range BT.601
      MatVector channels = new MatVector();
      org.bytedeco.opencv.global.opencv_core.split(ycrcb, channels);
      byte[] px = new byte[width * height * 3 / 2];
      Mat y = channels.get(0).isContinuous() ? channels.get(0) : channels.get(0).clone();
      y.data().get(px, 0, width * height);
      int chroma = width / 2 * (height / 2);
      Mat half = new Mat();
      // I420 is Y, Cb (U), Cr (V); YCrCb holds Cr second and Cb third
      resize(channels.get(2), half, new Size(width / 2, height / 2), 0, 0, INTER_AREA);
      half.data().get(px, width * height, chroma);
      resize(channels.get(1), half, new Size(width / 2, height / 2), 0, 0, INTER_AREA);
      half.data().get(px, width * height + chroma, chroma);
      return new AnalysisImage(px, width, height);
    }
  }

  /**
   * The luma plane as a 3-channel grey picture, for code that reads BGR (its luma is the luma
   * plane: the BT.601 weights sum to one). Closed by the caller's {@link PointerScope}.
   */
  public Mat greyBgr() {
    Mat luma = new Mat(height, width, CV_8UC1, new BytePointer(i420));
    Mat bgr = new Mat(height, width, CV_8UC3);
    cvtColor(luma, bgr, COLOR_GRAY2BGR);
    return bgr;
  }
}
