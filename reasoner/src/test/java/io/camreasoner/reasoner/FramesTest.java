package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void shouldDecodeJpegToGrayFrameOfTheSameSize() {
    byte[] gray = new byte[64 * 32];
    for (int i = 0; i < gray.length; i++) {
      gray[i] = (byte) ((i % 64) * 4);
    }
    byte[] jpeg;
    try (PointerScope scope = new PointerScope()) {
      Mat m = new Mat(32, 64, CV_8UC1, new BytePointer(gray));
      BytePointer buf = new BytePointer();
      imencode(".jpg", m, buf);
      jpeg = new byte[(int) buf.limit()];
      buf.get(jpeg);
    }
    AnalysisFrame f = Frames.fromJpeg(jpeg, 42, 1_680_000);
    assertThat(f.width()).isEqualTo(64);
    assertThat(f.height()).isEqualTo(32);
    assertThat(f.frameNumber()).isEqualTo(42);
    assertThat(Math.abs((f.gray()[40] & 0xff) - 160)).isLessThan(8);
  }

  @Test
  void shouldConvertBgrToGray() {
    byte[] bgr = new byte[4 * 2 * 3];
    bgr[2] = (byte) 255; // first pixel pure red
    AnalysisFrame f = Frames.fromBgr(bgr, 4, 2, 0, 0);
    assertThat(f.gray()[0] & 0xff).isBetween(70, 82);
    assertThat(f.gray()[1]).isZero();
  }

  @Test
  void shouldRejectBytesThatAreNotAnImage() {
    assertThatThrownBy(() -> Frames.fromJpeg(new byte[] {1, 2, 3}, 5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frame 5");
  }
}
