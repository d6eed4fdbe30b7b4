package io.camreasoner.worker.backend.vlm;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.camreasoner.worker.backend.DecodedFrame;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A window's sampled frames as one short MP4 (MPEG-4 part 2, fragmented so it is written without
 * seeking), at the rate the frames were sampled: what a video-input VLM server decodes the way the
 * model was trained, on a clip rather than on loose images.
 */
final class FrameVideo {
  /** Encoder quality (FFmpeg's qscale, 2 = near lossless; the frames are already JPEG). */
  private static final int QUALITY = 3;

  private FrameVideo() {}

  /**
   * Encodes the frames in order.
   *
   * @throws IllegalArgumentException when a frame is not a decodable JPEG or there are none
   */
  static byte[] mp4(List<DecodedFrame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames to encode");
    }
    double fps = rate(frames);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      Mat first = decode(frames.get(0));
      FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, first.cols(), first.rows(), 0);
      recorder.setFormat("mp4");
      recorder.setOption("movflags", "frag_keyframe+empty_moov");
      recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoQuality(QUALITY);
      recorder.start();
      try {
        for (DecodedFrame f : frames) {
          Mat image = f == frames.get(0) ? first : decode(f);
          Frame frame = converter.convert(image);
          recorder.record(frame);
        }
      } finally {
        recorder.stop();
        recorder.release();
      }
    } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot encode the window as a video: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Frames per second between the first and the last frame (the window's sampling rate). */
  static double rate(List<DecodedFrame> frames) {
    if (frames.size() < 2) {
      return 1;
    }
    double seconds =
        (frames.get(frames.size() - 1).timestampMicros() - frames.get(0).timestampMicros()) / 1e6;
    return seconds > 0 ? (frames.size() - 1) / seconds : 1;
  }

  /** The frame in colour, as it was sampled (the window's JPEG, not its grey plane). */
  private static Mat decode(DecodedFrame f) {
    byte[] jpeg = f.jpeg();
    Mat encoded = new Mat(1, jpeg.length, opencv_core.CV_8UC1, new BytePointer(jpeg));
    Mat image = opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_COLOR);
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("frame " + f.frameNumber() + " is not a decodable JPEG");
    }
    return image;
  }
}
