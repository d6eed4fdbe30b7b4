package io.camreasoner.worker.backend;

import io.camreasoner.schemas.avro.FrameWindow;
import java.util.List;

/**
 * A frame window whose JPEGs decoded cleanly: the window's metadata plus its frames in frame order.
 * What every backend receives; built by {@code io.camreasoner.worker.decode.WindowDecoder}.
 *
 * @param window the window as consumed (its frames still hold the JPEG bytes)
 * @param frames the decoded frames, same order as {@code window.getFrames()}
 */
public record DecodedWindow(FrameWindow window, List<DecodedFrame> frames) {

  public DecodedWindow {
    frames = List.copyOf(frames);
  }

  /** Stream id of the window. */
  public String streamId() {
    return window.getStreamId();
  }

  /** Sequence number of the window within its stream. */
  public long windowSeq() {
    return window.getWindowSeq();
  }

  /** Frame rate of the source. */
  public double fps() {
    return window.getFps();
  }

  /** Width of the sampled frames in pixels. */
  public int width() {
    return window.getWidth();
  }

  /** Height of the sampled frames in pixels. */
  public int height() {
    return window.getHeight();
  }

  /** A short description for log lines and error messages: stream and window sequence. */
  public String describe() {
    return "window " + window.getStreamId() + "#" + window.getWindowSeq();
  }
}
