package io.camreasoner.ingest.decode;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded frame. The Mat is owned by the decoder and valid only until the next call to {@link
 * VideoDecoder#next()}: copy what you keep.
 *
 * @param frameNumber 0-based number of the frame in the stream (continues across reconnects)
 * @param timestampMicros presentation time in microseconds from the start of the stream
 * @param bgr the picture, 8-bit BGR at the source's size
 */
public record DecodedFrame(long frameNumber, long timestampMicros, Mat bgr) {}
