package io.camreasoner.ingest.decode;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One frame of the video as {@link VideoDecoder} decodes it (every frame, before sampling; the
 * worker's sampled frames are another type). The Mat is owned by the decoder and valid only until
 * the next call to {@link VideoDecoder#next()}: copy what you keep.
 *
 * @param frameNumber 0-based number of the frame in the stream (continues across reconnects)
 * @param timestampMicros presentation time in microseconds from the start of the stream
 * @param picture the picture at the decoder's output size (the source's, or the analysis size
 *     FFmpeg scaled to while converting), laid out as {@code layout} says
 * @param layout how the picture's bytes are laid out
 */
public record VideoFrame(long frameNumber, long timestampMicros, Mat picture, Layout layout) {

  /** The pixel layouts a decoder delivers. */
  public enum Layout {
    /** 8-bit BGR, three channels: the Mat's size is the picture's. */
    BGR,
    /**
     * Full-range (JPEG) YUV 4:2:0 in three planes one after another (I420), as one channel: the Mat
     * has {@code height * 3 / 2} rows of {@code width} bytes. Only for even sizes.
     */
    I420
  }

  /** Width of the picture in pixels. */
  public int width() {
    return picture.cols();
  }

  /** Height of the picture in pixels. */
  public int height() {
    return layout == Layout.I420 ? picture.rows() * 2 / 3 : picture.rows();
  }
}
