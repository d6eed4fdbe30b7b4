package io.camreasoner.worker.backend;

import java.awt.image.BufferedImage;

/**
 * One sampled frame of a window, both as it arrived (JPEG bytes, for backends that forward images
 * such as the VLM) and decoded (for backends that measure pixels).
 *
 * @param frameNumber 0-based source frame number
 * @param timestampMicros presentation time in microseconds
 * @param jpeg the frame as received (baseline JPEG)
 * @param image the decoded frame
 */
public record DecodedFrame(
    long frameNumber, long timestampMicros, byte[] jpeg, BufferedImage image) {}
