package io.camreasoner.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The real photographs and still-camera footage of the benchmark's real groups, as {@code
 * scripts/fetch-real-data.sh} leaves them in the cache ({@code $CAMREASONER_REAL_DATA}, default
 * {@code ~/.cache/camreasoner/real}): {@code photos/*.jpg} (Debian's plasma-workspace-wallpapers)
 * and {@code footage/vtest.avi} (OpenCV's sample of people walking in a hall, Debian's opencv-doc).
 * Loaded once, in grey, photos at most {@value #PHOTO_WIDTH} px wide; held in native memory for the
 * life of the process (a benchmark run).
 *
 * @param photos grey photographs
 * @param footage grey frames of the still-camera clip
 * @param footageFps its frame rate
 * @param where the cache directory read
 */
record RealData(List<Mat> photos, List<Mat> footage, double footageFps, Path where) {

  /** Photos are scaled down to this width: scene textures need no more. */
  static final int PHOTO_WIDTH = 1280;

  /** Footage frames read at most (the clip has about 800; windows need 16 in a row). */
  static final int MAX_FOOTAGE_FRAMES = 600;

  /** The cache directory the fetch script fills. */
  static Path directory() {
    String env = System.getenv("CAMREASONER_REAL_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("camreasoner").resolve("real");
  }

  /** The data, or empty (with the reason in {@code why}) when the fetch script has not run here. */
  static Optional<RealData> load(Path dir, StringBuilder why) {
    Path manifest = dir.resolve("MANIFEST");
    if (!Files.isRegularFile(manifest)) {
      why.append("no real data in ")
          .append(dir)
          .append(" (run scripts/fetch-real-data.sh to fetch it from Debian packages)");
      return Optional.empty();
    }
    try {
      List<Mat> photos = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir.resolve("photos"))) {
        for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
          Mat grey = imread(p.toString(), IMREAD_GRAYSCALE);
          if (grey == null || grey.empty()) {
            throw new IOException("unreadable photo " + p);
          }
          photos.add(shrink(grey, PHOTO_WIDTH));
        }
      }
      Path clip = dir.resolve("footage").resolve("vtest.avi");
      List<Mat> footage = new ArrayList<>();
      double fps;
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile());
          OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
        grabber.start();
        fps = grabber.getFrameRate();
        Frame f;
        while (footage.size() < MAX_FOOTAGE_FRAMES && (f = grabber.grabImage()) != null) {
          Mat bgr = converter.convert(f);
          Mat grey = new Mat();
          cvtColor(bgr, grey, COLOR_BGR2GRAY);
          footage.add(grey);
        }
      }
      if (photos.isEmpty() || footage.size() < 32 || !(fps > 0)) {
        why.append("real data in ").append(dir).append(" is incomplete: rerun the fetch script");
        return Optional.empty();
      }
      return Optional.of(new RealData(List.copyOf(photos), List.copyOf(footage), fps, dir));
    } catch (IOException | RuntimeException e) {
      why.append("real data in ").append(dir).append(" unreadable: ").append(e.getMessage());
      return Optional.empty();
    }
  }

  private static Mat shrink(Mat grey, int width) {
    if (grey.cols() <= width) {
      return grey;
    }
    Mat out = new Mat();
    resize(
        grey,
        out,
        new Size(width, Math.max(1, grey.rows() * width / grey.cols())),
        0,
        0,
        INTER_AREA);
    grey.close();
    return out;
  }
}
