package io.camreasoner.ingest.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {

  /** A textured BGR picture: gradients and a checkerboard, a red square in the middle. */
  private static Mat scene(int w, int h) {
    Mat bgr = new Mat(h, w, CV_8UC3);
    UByteIndexer px = bgr.createIndexer();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean red = Math.abs(x - w / 2) < w / 8 && Math.abs(y - h / 2) < h / 8;
        int check = ((x / 16 + y / 16) % 2) * 60;
        px.put(y, x, 0, red ? 0 : 40 + x * 150 / w);
        px.put(y, x, 1, red ? 0 : 30 + check + y * 100 / h);
        px.put(y, x, 2, red ? 255 : 50 + check);
      }
    }
    px.close();
    return bgr;
  }

  private static Mat decode(byte[] jpeg, int flags) {
    return imdecode(new Mat(new BytePointer(jpeg)), flags);
  }

  private static double meanAbsDifference(Mat a, Mat b) {
    UByteIndexer ia = a.createIndexer();
    UByteIndexer ib = b.createIndexer();
    long sum = 0;
    long n = (long) a.rows() * a.cols() * a.channels();
    for (int y = 0; y < a.rows(); y++) {
      for (int x = 0; x < a.cols(); x++) {
        for (int c = 0; c < a.channels(); c++) {
          sum += Math.abs(ia.get(y, x, c) - ib.get(y, x, c));
        }
      }
    }
    return sum / (double) n;
  }

  @Test
  void shouldDecodeBackToThePictureWhenItsPlanesAreEncoded() {
    Mat bgr = scene(320, 180);
    AnalysisImage image = AnalysisImage.ofBgr(bgr, 320, 180);
    byte[] jpeg;
    try (JpegEncoder encoder = new JpegEncoder(320, 180, 90)) {
      jpeg = encoder.encode(image);
    }
    assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
    Mat back = decode(jpeg, IMREAD_COLOR);
    assertThat(back.cols()).isEqualTo(320);
    assertThat(back.rows()).isEqualTo(180);
    // 4:2:0 chroma and quality 90 leave a few levels of error, not a different picture
    assertThat(meanAbsDifference(back, bgr)).isLessThan(6.0);
    Mat grey = decode(jpeg, IMREAD_GRAYSCALE);
    UByteIndexer g = grey.createIndexer();
    // the red square's luma is BT.601's 0.299 * 255
    assertThat((double) g.get(90, 160)).isCloseTo(76.0, org.assertj.core.data.Offset.offset(4.0));
  }

  @Test
  void shouldMakeSmallerFilesWhenQualityIsLower() {
    AnalysisImage image = AnalysisImage.ofBgr(scene(320, 180), 320, 180);
    int high;
    int low;
    try (JpegEncoder a = new JpegEncoder(320, 180, 95);
        JpegEncoder b = new JpegEncoder(320, 180, 40)) {
      high = a.encode(image).length;
      low = b.encode(image).length;
    }
    assertThat(low).isLessThan(high * 2 / 3);
  }

  @Test
  void shouldRefuseAPictureWhenItsSizeIsNotTheEncoders() {
    AnalysisImage image = AnalysisImage.ofBgr(scene(320, 180), 160, 90);
    try (JpegEncoder encoder = new JpegEncoder(320, 180, 80)) {
      assertThatThrownBy(() -> encoder.encode(image)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
