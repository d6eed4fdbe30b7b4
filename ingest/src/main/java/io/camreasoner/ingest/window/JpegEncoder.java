package io.camreasoner.ingest.window;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_arrays;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Encodes {@link AnalysisImage}s as baseline JPEG (JFIF, 4:2:0) with FFmpeg's MJPEG encoder,
 * straight from their YUV planes: no conversion to BGR, and its SIMD DCT makes it several times
 * cheaper than the JPEG library of JavaCV's OpenCV build (libjpeg-turbo compiled without SIMD). The
 * quantisation tables are libjpeg's for the quality asked (the standard tables scaled as {@code
 * jpeg_set_quality} scales them), so a quality means what it means to libjpeg and OpenCV; only the
 * DC step is FFmpeg's fixed 8. Not thread-safe: one per stream. Holds native memory: close it.
 */
public final class JpegEncoder implements AutoCloseable {
  /** The JPEG standard's luminance table (ITU-T T.81 Annex K.1), row by row. */
  private static final int[] LUMA = {
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
  };

  /** The JPEG standard's chrominance table (ITU-T T.81 Annex K.1), row by row. */
  private static final int[] CHROMA = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99
  };

  /**
   * The quantiser scale the encoder runs at. FFmpeg's MJPEG multiplies its matrices by the scale
   * and shifts right by 3, so matrices of four times the table give the table exactly at scale 2
   * (the lowest FFmpeg's default qmin allows).
   */
  private static final int QSCALE = 2;

  private final int width;
  private final int height;
  private AVCodecContext context;
  private AVFrame frame;
  private AVPacket packet;

  /**
   * An encoder for pictures of one size.
   *
   * @param quality libjpeg quality 1..100
   */
  public JpegEncoder(int width, int height, int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
    }
    this.width = width;
    this.height = height;
    AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (codec == null) {
      throw new IllegalStateException("FFmpeg has no MJPEG encoder");
    }
    context = avcodec_alloc_context3(codec);
    context.width(width);
    context.height(height);
    context.pix_fmt(AV_PIX_FMT_YUVJ420P);
    context.time_base(av_make_q(1, 25));
    context.thread_count(1);
    context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
    context.global_quality(FF_QP2LAMBDA * QSCALE);
    // freed with the context (avcodec_free_context av_free()s both matrices)
    context.intra_matrix(matrix(LUMA, quality));
    context.chroma_intra_matrix(matrix(CHROMA, quality));
    int ret = avcodec_open2(context, codec, (AVDictionary) null);
    if (ret < 0) {
      close();
      throw new IllegalStateException("cannot open FFmpeg's MJPEG encoder: error " + ret);
    }
    frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUVJ420P);
    frame.width(width);
    frame.height(height);
    packet = av_packet_alloc();
  }

  /** libjpeg's table for a quality ({@code jpeg_quality_scaling}), times 4 (see QSCALE). */
  private static ShortPointer matrix(int[] table, int quality) {
    int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
    ShortPointer m = new ShortPointer(av_malloc(64 * 2)).capacity(64);
    for (int i = 0; i < 64; i++) {
      int q = Math.max(1, Math.min(255, (table[i] * scale + 50) / 100));
      m.put(i, (short) (q * 8 / QSCALE));
    }
    return m;
  }

  /** The picture as JPEG. */
  public byte[] encode(AnalysisImage image) {
    if (image.width() != width || image.height() != height) {
      throw new IllegalArgumentException(
          "encoder for "
              + width
              + "x"
              + height
              + " got a "
              + image.width()
              + "x"
              + image.height()
              + " picture");
    }
    try (BytePointer planes = new BytePointer(image.i420())) {
      av_image_fill_arrays(
          frame.data(), frame.linesize(), planes, AV_PIX_FMT_YUVJ420P, width, height, 1);
      frame.quality(FF_QP2LAMBDA * QSCALE);
      int ret = avcodec_send_frame(context, frame);
      if (ret < 0) {
        throw new IllegalStateException("MJPEG encoding failed: error " + ret);
      }
      ret = avcodec_receive_packet(context, packet);
      if (ret < 0) {
        throw new IllegalStateException("MJPEG encoder returned no picture: error " + ret);
      }
      try {
        byte[] jpeg = new byte[packet.size()];
        packet.data().get(jpeg);
        return jpeg;
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  @Override
  public void close() {
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (context != null) {
      avcodec_free_context(context);
      context = null;
    }
  }
}
