package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffinePartial2D;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.goodFeaturesToTrack;
import static org.bytedeco.opencv.global.opencv_video.calcOpticalFlowPyrLK;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Measures the dominant image motion between two grey frames independently of the renderer: KLT
 * tracks and a robust similarity fit. Test helper.
 */
record ImageMotion(double dx, double dy, double scale, double angleDegrees) {

  static ImageMotion between(byte[] a, byte[] b, int width, int height) {
    try (PointerScope scope = new PointerScope()) {
      Mat ma = new Mat(height, width, CV_8UC1, new BytePointer(a));
      Mat mb = new Mat(height, width, CV_8UC1, new BytePointer(b));
      Mat corners = new Mat();
      goodFeaturesToTrack(ma, corners, 300, 0.01, 5);
      Mat next = new Mat();
      Mat status = new Mat();
      Mat err = new Mat();
      calcOpticalFlowPyrLK(ma, mb, corners, next, status, err);
      Mat inliers = new Mat();
      Mat m = estimateAffinePartial2D(corners, next, inliers, 8 /* RANSAC */, 2.0, 2000, 0.99, 10);
      DoublePointer p = new DoublePointer(m.data());
      double a00 = p.get(0);
      double a01 = p.get(1);
      double tx = p.get(2);
      double a10 = p.get(3);
      double ty = p.get(5);
      double scale = Math.hypot(a00, a10);
      double angle = Math.toDegrees(Math.atan2(a10, a00));
      // motion of the image centre
      double cx = (width - 1) / 2.0;
      double cy = (height - 1) / 2.0;
      double mx = a00 * cx + a01 * cy + tx - cx;
      double my = a10 * cx + a00 * cy + ty - cy;
      return new ImageMotion(mx, my, scale, angle);
    }
  }
}
