package io.camreasoner.stack;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The inputs of a batch job as people name them: video files, directories (their videos,
 * recursively), URLs, and lists of these: a {@code .txt} with one per line (blank lines and {@code
 * #} comments skipped) or a {@code .csv} whose {@code path} (or {@code file}, {@code source},
 * {@code url}, {@code location}) column names them (the first column without such a header).
 * Relative entries of a list are relative to the list's directory. Each location once, in order.
 */
public final class InputLists {
  /** Header names of the column that holds the inputs of a CSV list. */
  private static final List<String> COLUMNS = List.of("path", "file", "source", "url", "location");

  private InputLists() {}

  /**
   * The locations the arguments name (lists read, everything else as given).
   *
   * @throws UncheckedIOException when a list cannot be read
   */
  public static List<String> locations(List<String> args) {
    Set<String> out = new LinkedHashSet<>();
    for (String arg : args) {
      String lower = arg.toLowerCase(Locale.ROOT);
      Path p = Source.scheme(arg) == null ? Path.of(arg) : null;
      if (p != null && Files.isRegularFile(p) && lower.endsWith(".txt")) {
        out.addAll(resolve(p, textList(p)));
      } else if (p != null && Files.isRegularFile(p) && lower.endsWith(".csv")) {
        out.addAll(resolve(p, csvList(p)));
      } else {
        out.add(arg);
      }
    }
    return List.copyOf(out);
  }

  private static List<String> textList(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input list " + file, e);
    }
  }

  private static List<String> csvList(Path file) {
    List<List<String>> rows = new ArrayList<>();
    CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<List<String>> it =
        csv.readerForListOf(String.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        rows.add(it.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input list " + file, e);
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    int column = 0;
    int start = 0;
    List<String> header = rows.get(0);
    for (int i = 0; i < header.size(); i++) {
      if (COLUMNS.contains(header.get(i).strip().toLowerCase(Locale.ROOT))) {
        column = i;
        start = 1;
        break;
      }
    }
    List<String> out = new ArrayList<>();
    for (List<String> row : rows.subList(start, rows.size())) {
      if (row.size() > column && !row.get(column).isBlank()) {
        out.add(row.get(column).strip());
      }
    }
    return out;
  }

  private static List<String> resolve(Path list, List<String> entries) {
    Path base = list.toAbsolutePath().getParent();
    return entries.stream()
        .map(
            e ->
                Source.scheme(e) != null || Path.of(e).isAbsolute()
                    ? e
                    : base.resolve(e).toString())
        .toList();
  }
}
