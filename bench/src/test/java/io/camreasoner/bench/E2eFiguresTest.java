package io.camreasoner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class E2eFiguresTest {
  @TempDir Path dir;

  private static E2eFigures figures(double realtime, double ingestCpu) {
    Map<CpuMeter.Stage, Double> cpu = new EnumMap<>(CpuMeter.Stage.class);
    cpu.put(CpuMeter.Stage.INGEST, ingestCpu);
    cpu.put(CpuMeter.Stage.REASONER, 7.25);
    return new E2eFigures(
        "2026-12-05, some CPU, 2 cores, load average 3.0 before the run",
        "camreasoner bench e2e --record x",
        realtime,
        0.41,
        12.5,
        3.9,
        310,
        cpu);
  }

  private static Optional<E2eFigures> load(Path file, String key) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return E2eFigures.read(p, key);
  }

  @Test
  void shouldReadBackEveryFigureWhenARunIsRecorded() throws Exception {
    Path file = dir.resolve("e2e.properties");
    figures(24.5, 3.5).record(file, "h264-640x360");
    E2eFigures back = load(file, "h264-640x360").orElseThrow();
    assertThat(back.realtime()).isEqualTo(24.5);
    assertThat(back.decodeRatio()).isEqualTo(0.41);
    assertThat(back.startup()).isEqualTo(3.9);
    assertThat(back.heapMiB()).isEqualTo(310);
    assertThat(back.command()).isEqualTo("camreasoner bench e2e --record x");
    assertThat(back.measured()).contains("load average 3.0");
    assertThat(back.cpu())
        .containsEntry(CpuMeter.Stage.INGEST, 3.5)
        .containsEntry(CpuMeter.Stage.REASONER, 7.25);
    assertThat(Files.readString(file)).startsWith("# Figures of earlier");
  }

  @Test
  void shouldReplaceOnlyItsOwnInputWhenAnotherRunIsRecorded() throws Exception {
    Path file = dir.resolve("e2e.properties");
    figures(20, 4).record(file, "a");
    figures(30, 5).record(file, "b");
    figures(40, 6).record(file, "a");
    assertThat(load(file, "a").orElseThrow().realtime()).isEqualTo(40);
    assertThat(load(file, "b").orElseThrow().realtime()).isEqualTo(30);
    assertThat(load(file, "c")).isEmpty();
  }
}
