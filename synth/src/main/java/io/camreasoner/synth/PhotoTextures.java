package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import java.util.random.RandomGenerator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Real photographs as scene textures: each texture is a random square crop of one of the photos
 * (8-bit grey), resized to the requested side. The photos are the caller's (e.g. the bench's real
 * data cache); this class only cuts them and never closes them.
 */
public final class PhotoTextures {

  /** Smallest crop side as a share of the photo's shorter side: less would be a blurry zoom. */
  private static final double MIN_CROP = 0.25;

  private final List<Mat> photos;

  /**
   * @param photos 8-bit single-channel photos, each at least 64 pixels on its shorter side
   */
  public PhotoTextures(List<Mat> photos) {
    if (photos.isEmpty()) {
      throw new IllegalArgumentException("photo textures need at least one photo");
    }
    for (Mat p : photos) {
      if (p.channels() != 1 || Math.min(p.cols(), p.rows()) < 64) {
        throw new IllegalArgumentException(
            "photos must be grey and at least 64 px: got " + p.cols() + "x" + p.rows());
      }
    }
    this.photos = List.copyOf(photos);
  }

  /**
   * A square texture of {@code side} pixels cut from a random photo at a random place and scale
   * ({@code MIN_CROP} to all of the shorter side); the caller owns (and must close) the Mat.
   */
  Mat crop(int side, RandomGenerator random) {
    Mat photo = photos.get(random.nextInt(photos.size()));
    int shorter = Math.min(photo.cols(), photo.rows());
    int crop = (int) Math.round(shorter * (MIN_CROP + (1 - MIN_CROP) * random.nextDouble()));
    int x = random.nextInt(photo.cols() - crop + 1);
    int y = random.nextInt(photo.rows() - crop + 1);
    Mat out = new Mat();
    try (Mat region = new Mat(photo, new Rect(x, y, crop, crop))) {
      resize(region, out, new Size(side, side), 0, 0, INTER_AREA);
    }
    return out;
  }
}
