package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders a {@link Programme} frame by frame: a shot's own frames through its {@link
 * Programme.View}, a dissolve's frames as the cross-fade {@code (1-a) A + a B} with {@code a}
 * growing linearly from {@code 1/(n+1)} to {@code n/(n+1)} over its n frames, a fade-out as the
 * outgoing shot darkened linearly to black over its ramp (its last ramp frame black) and then
 * black, a fade-in as black and then the incoming shot brightened over its ramp from {@code
 * 1/(n+1)} to {@code n/(n+1)}. Blending works on the 8-bit BGR values, as an editor's cross-fade
 * does.
 *
 * <p>Frames are best rendered in order: each shot's renderer is opened when the shot is first shown
 * and closed once the programme is past it. Not thread-safe. Holds native textures: close it.
 */
public final class ProgrammeRenderer implements AutoCloseable {

  /**
   * One picture in a programme frame.
   *
   * @param shot the shot shown
   * @param weight its weight (1 = shown alone, at full brightness)
   */
  record Layer(Programme.Shot shot, double weight) {}

  private final Programme programme;
  private final Map<Integer, ClipRenderer> open = new HashMap<>();

  /** A renderer of the programme's frames. */
  public ProgrammeRenderer(Programme programme) {
    this.programme = programme;
  }

  /** Renders programme frame {@code frame} as interleaved BGR bytes (width x height x 3). */
  public byte[] renderBgr(int frame) {
    prepare(frame);
    try (PointerScope scope = new PointerScope()) {
      Mat out = renderMat(frame);
      byte[] px = new byte[programme.width() * programme.height() * 3];
      out.data().get(px);
      return px;
    }
  }

  /**
   * Opens the renderers of the shots frame {@code frame} shows and closes those of shots already
   * past; call outside any {@link PointerScope} (the renderers' textures must outlive it) before
   * {@link #renderMat}.
   */
  void prepare(int frame) {
    if (frame < 0 || frame >= programme.frames()) {
      throw new IndexOutOfBoundsException(
          "frame " + frame + " of a " + programme.frames() + "-frame programme");
    }
    closeShotsBefore(frame);
    for (Layer layer : layers(programme.shots(), programme.transitions(), frame)) {
      Programme.Shot shot = layer.shot();
      open.computeIfAbsent(shot.index(), i -> new ClipRenderer(shot.spec()));
    }
  }

  /**
   * Renders programme frame {@code frame} into a new BGR Mat, after {@link #prepare} of that frame;
   * call inside a {@link PointerScope} (the Mat is released with it).
   */
  Mat renderMat(int frame) {
    List<Layer> layers = layers(programme.shots(), programme.transitions(), frame);
    if (layers.isEmpty()) {
      return new Mat(programme.height(), programme.width(), CV_8UC3, new Scalar(0, 0, 0, 0));
    }
    Mat first = shotFrame(layers.get(0).shot(), frame);
    if (layers.size() == 1) {
      double w = layers.get(0).weight();
      if (w < 1) {
        first.convertTo(first, -1, w, 0);
      }
      return first;
    }
    Mat second = shotFrame(layers.get(1).shot(), frame);
    Mat out = new Mat();
    addWeighted(first, layers.get(0).weight(), second, layers.get(1).weight(), 0, out);
    return out;
  }

  /** The shot's frame at programme frame {@code frame}, through its view. */
  private Mat shotFrame(Programme.Shot shot, int frame) {
    ClipRenderer renderer = open.get(shot.index());
    if (renderer == null) {
      throw new IllegalStateException("frame " + frame + " was not prepared");
    }
    Mat full = renderer.renderMat(shot.specFrame(frame));
    Programme.View view = shot.view();
    if (view.zoom() == 1) {
      return full;
    }
    int w = programme.width();
    int h = programme.height();
    int cw = (int) Math.round(w / view.zoom());
    int ch = (int) Math.round(h / view.zoom());
    int x = (int) Math.round(Math.min(Math.max(0, view.centreX() * w - cw / 2.0), w - cw));
    int y = (int) Math.round(Math.min(Math.max(0, view.centreY() * h - ch / 2.0), h - ch));
    Mat out = new Mat();
    resize(new Mat(full, new Rect(x, y, cw, ch)), out, new Size(w, h), 0, 0, INTER_LINEAR);
    return out;
  }

  private void closeShotsBefore(int frame) {
    open.entrySet()
        .removeIf(
            e -> {
              Programme.Shot shot = programme.shots().get(e.getKey());
              if (lastShown(shot) < frame) {
                e.getValue().close();
                return true;
              }
              return false;
            });
  }

  /** The last programme frame showing the shot (alone or in a transition after it). */
  private int lastShown(Programme.Shot shot) {
    int last = shot.endFrame() - 1;
    for (Programme.Transition t : programme.transitions()) {
      if (t.startFrame() == shot.endFrame() && t.type().gradual()) {
        last =
            switch (t.type()) {
              case DISSOLVE -> t.endFrame() - 1;
              case FADE_OUT -> t.startFrame() + t.rampFrames() - 1;
              default -> last;
            };
      }
    }
    return last;
  }

  /** What programme frame {@code frame} shows: one or two weighted shots, or none (black). */
  static List<Layer> layers(
      List<Programme.Shot> shots, List<Programme.Transition> transitions, int frame) {
    List<Layer> out = new ArrayList<>(2);
    for (Programme.Shot s : shots) {
      if (frame >= s.startFrame() && frame < s.endFrame()) {
        out.add(new Layer(s, 1));
        return out;
      }
    }
    for (Programme.Transition t : transitions) {
      if (!t.type().gradual() || frame < t.startFrame() || frame >= t.endFrame()) {
        continue;
      }
      Programme.Shot before = endingAt(shots, t.startFrame());
      Programme.Shot after = startingAt(shots, t.endFrame());
      int k = frame - t.startFrame();
      switch (t.type()) {
        case DISSOLVE -> {
          double a = (k + 1) / (double) (t.length() + 1);
          out.add(new Layer(before, 1 - a));
          out.add(new Layer(after, a));
        }
        case FADE_OUT -> {
          double gain = 1 - (k + 1) / (double) t.rampFrames();
          if (gain > 0) {
            out.add(new Layer(before, gain));
          }
        }
        case FADE_IN -> {
          int ramp = k - (t.length() - t.rampFrames());
          if (ramp >= 0) {
            out.add(new Layer(after, (ramp + 1) / (double) (t.rampFrames() + 1)));
          }
        }
        case CUT -> {}
      }
      if (out.stream().anyMatch(l -> l.shot() == null)) {
        throw new IllegalArgumentException(
            "the " + t.type() + " at frame " + t.startFrame() + " has no shot on both sides");
      }
      return out;
    }
    return out;
  }

  private static Programme.Shot endingAt(List<Programme.Shot> shots, int frame) {
    return shots.stream().filter(s -> s.endFrame() == frame).findFirst().orElse(null);
  }

  private static Programme.Shot startingAt(List<Programme.Shot> shots, int frame) {
    return shots.stream().filter(s -> s.startFrame() == frame).findFirst().orElse(null);
  }

  @Override
  public void close() {
    open.values().forEach(ClipRenderer::close);
    open.clear();
  }
}
