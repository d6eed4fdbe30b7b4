package io.camreasoner.ingest.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class AnalysisImageTest {

  @Test
  void shouldHoldJpegsFullRangeYcbcrWhenAPlainRedFrameIsScaledDown() {
    // BGR red: Y = 0.299 * 255 = 76, Cb = 128 - 0.1687 * 255 = 85, Cr = 255 (JFIF's equations)
    Mat red = new Mat(90, 160, CV_8UC3, new Scalar(0, 0, 255, 0));
    AnalysisImage image = AnalysisImage.ofBgr(red, 80, 44);
    byte[] px = image.i420();
    assertThat(px).hasSize(80 * 44 * 3 / 2);
    int chroma = 40 * 22;
    assertThat(px[0] & 0xff).isCloseTo(76, within(1));
    assertThat(px[80 * 44] & 0xff).isCloseTo(85, within(1));
    assertThat(px[80 * 44 + chroma] & 0xff).isCloseTo(255, within(1));
  }

  @Test
  void shouldGiveTheLumaPlaneAsGreyWhenAskedForGreyBgr() {
    Mat grey = new Mat(20, 40, CV_8UC3, new Scalar(100, 100, 100, 0));
    AnalysisImage image = AnalysisImage.ofBgr(grey, 40, 20);
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      Mat bgr = image.greyBgr();
      assertThat(bgr.channels()).isEqualTo(3);
      assertThat(bgr.cols()).isEqualTo(40);
      org.bytedeco.javacpp.indexer.UByteIndexer i = bgr.createIndexer();
      assertThat(i.get(10, 20, 0)).isEqualTo(100);
      assertThat(i.get(10, 20, 2)).isEqualTo(100);
    }
  }
}
