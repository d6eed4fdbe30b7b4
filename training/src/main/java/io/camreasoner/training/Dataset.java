package io.camreasoner.training;

import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Windows of a {@code bench dataset} CSV file: per window its seed, category, true labels (as 0/1
 * targets in {@link MotionLabel} order), the geometric reasoner's labels and scores, and the {@link
 * MotionFeatures}. Refuses a file whose feature columns are not this build's layout.
 *
 * @param rows the windows in file order
 */
public record Dataset(List<Row> rows) {

  /**
   * One window.
   *
   * @param seed the generator seed of its clip
   * @param category clip category (e.g. {@code 3d}, {@code combo})
   * @param truth true labels
   * @param geometry the geometric reasoner's labels
   * @param geometryScores its 15 scores in label order
   * @param features the motion descriptor
   */
  public record Row(
      long seed,
      String category,
      Set<MotionLabel> truth,
      List<MotionLabel> geometry,
      float[] geometryScores,
      float[] features) {

    /** The true labels as 0/1 targets in label order. */
    public float[] targets() {
      float[] t = new float[MotionLabel.values().length];
      for (MotionLabel l : truth) {
        t[l.ordinal()] = 1;
      }
      return t;
    }

    /** The geometric scores as a map. */
    public Map<MotionLabel, Double> geometryScoreMap() {
      Map<MotionLabel, Double> m = new EnumMap<>(MotionLabel.class);
      for (MotionLabel l : MotionLabel.values()) {
        m.put(l, (double) geometryScores[l.ordinal()]);
      }
      return m;
    }
  }

  private static final int META = 5;

  /** Copies the row list. */
  public Dataset {
    rows = List.copyOf(rows);
  }

  /** Reads several dataset files as one, their rows in the order of the files. */
  public static Dataset read(List<Path> files) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Path file : files) {
      rows.addAll(read(file).rows());
    }
    return new Dataset(rows);
  }

  /** Reads a dataset file. */
  public static Dataset read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IOException(file + " is empty");
      }
      String[] columns = header.split(",", -1);
      int labels = MotionLabel.values().length;
      List<String> featureColumns =
          Arrays.asList(columns).subList(Math.min(columns.length, META + labels), columns.length);
      if (!featureColumns.equals(MotionFeatures.NAMES)) {
        throw new IOException(
            file
                + " does not hold the "
                + MotionFeatures.VERSION
                + " layout ("
                + MotionFeatures.COUNT
                + " features): regenerate it with `camreasoner bench dataset`");
      }
      List<Row> rows = new ArrayList<>();
      String line;
      int number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] v = line.split(",", -1);
        if (v.length != columns.length) {
          throw new IOException(
              file + ":" + number + ": " + v.length + " values, header has " + columns.length);
        }
        float[] scores = new float[labels];
        for (int i = 0; i < labels; i++) {
          scores[i] = Float.parseFloat(v[META + i]);
        }
        float[] features = new float[MotionFeatures.COUNT];
        for (int i = 0; i < features.length; i++) {
          features[i] = Float.parseFloat(v[META + labels + i]);
        }
        rows.add(
            new Row(
                Long.parseLong(v[0]),
                v[2],
                EnumSet.copyOf(parseLabels(v[3])),
                parseLabels(v[4]),
                scores,
                features));
      }
      return new Dataset(rows);
    }
  }

  /** Number of windows. */
  public int size() {
    return rows.size();
  }

  /** The feature vectors, one row per window. */
  public float[][] features() {
    return rows.stream().map(Row::features).toArray(float[][]::new);
  }

  /** The 0/1 targets, one row per window. */
  public float[][] targets() {
    return rows.stream().map(Row::targets).toArray(float[][]::new);
  }

  private static List<MotionLabel> parseLabels(String text) {
    List<MotionLabel> out = new ArrayList<>();
    for (String s : text.split("\\+")) {
      out.add(MotionLabel.fromLabel(s));
    }
    return out;
  }
}
