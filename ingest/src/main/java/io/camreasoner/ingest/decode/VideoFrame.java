package io.camreasoner.ingest.decode;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One frame of the video as {@link VideoDecoder} decodes it (every frame, before sampling; the
 * worker's sampled frames are another type). The Mat is owned by the decoder and valid only until
 * the next call to {@link VideoDecoder#next()}: copy what you keep.
 *
 * @param frameNumber 0-based number of the frame in the stream (continues across reconnects)
 * @param timestampMicros presentation time in microseconds from the start of the stream
 * @param bgr the picture, 8-bit BGR at the decoder's output size (the source's, or the analysis
 *     size FFmpeg scaled to while converting)
 */
public record VideoFrame(long frameNumber, long timestampMicros, Mat bgr) {}
