package io.camreasoner.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeWarmupTest {
  @Test
  void shouldLoadEveryNativeLibraryOfThePipelineWhenStarted() throws Exception {
    List<String> failed = NativeWarmup.start().get(2, TimeUnit.MINUTES);

    assertThat(failed).isEmpty();
    // loaded: a JavaCPP call into OpenCV and FFmpeg works at once
    assertThat(org.bytedeco.opencv.global.opencv_core.getNumberOfCPUs()).isPositive();
    assertThat(org.bytedeco.ffmpeg.global.avcodec.avcodec_version()).isPositive();
  }

  @Test
  void shouldReportAClassItCannotLoadWhenOneIsMissing() throws Exception {
    List<String> failed =
        NativeWarmup.start(List.of("org.bytedeco.ffmpeg.global.avutil", "no.such.NativeLibrary"))
            .get(2, TimeUnit.MINUTES);

    assertThat(failed).containsExactly("no.such.NativeLibrary");
  }
}
