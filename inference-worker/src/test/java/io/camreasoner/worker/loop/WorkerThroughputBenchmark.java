package io.camreasoner.worker.loop;

import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.testing.PixelBackends;
import io.camreasoner.worker.testing.PlainAvro;
import io.camreasoner.worker.testing.SyntheticWindows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Throughput of the worker's processing path (deserialize, JPEG decode, reason, build and serialize
 * the event; everything but the broker round trip) per processing thread, and its scaling from 1 to
 * 2 threads, measured in one run so the ratio compares like with like. Not a test: run it with
 *
 * <pre>
 * mvn -B -o -q -pl inference-worker -am test-compile
 * java -cp "inference-worker/target/test-classes:inference-worker/target/classes:$(cat cp.txt)" \
 *   io.camreasoner.worker.loop.WorkerThroughputBenchmark [geometry|pixel] [windows]
 * </pre>
 *
 * (cp.txt from {@code mvn -pl inference-worker dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}).
 */
public final class WorkerThroughputBenchmark {

  private static final int FRAMES = 8;
  private static final int WIDTH = 320;
  private static final int HEIGHT = 180;

  private WorkerThroughputBenchmark() {}

  /** One measured configuration. */
  record Measured(int threads, int windows, double seconds) {
    double windowsPerSecond() {
      return windows / seconds;
    }

    double framesPerSecond() {
      return windowsPerSecond() * FRAMES;
    }
  }

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "geometry";
    // OpenCV parallelises some calls on its own pool; -Dopencv.threads=1 pins it to the calling
    // thread so that "per thread" is "per core"
    String cvThreads = System.getProperty("opencv.threads");
    if (cvThreads != null) {
      org.bytedeco.opencv.global.opencv_core.setNumThreads(Integer.parseInt(cvThreads));
    }
    int windows = args.length > 1 ? Integer.parseInt(args[1]) : 48;
    try (BackendFactory factory = factory(backend)) {
      List<ConsumerRecord<byte[], byte[]>> records = records(windows);
      measure(factory, records, 1); // warm-up: JIT, native libraries
      double[] one = new double[3];
      double[] two = new double[3];
      Measured m1 = null;
      Measured m2 = null;
      for (int round = 0; round < 3; round++) { // interleaved, so background load hits both alike
        m1 = measure(factory, records, 1);
        m2 = measure(factory, records, 2);
        one[round] = m1.windowsPerSecond();
        two[round] = m2.windowsPerSecond();
      }
      Arrays.sort(one);
      Arrays.sort(two);
      double w1 = one[1];
      double w2 = two[1];
      System.out.printf(
          Locale.ROOT,
          "backend=%s windows=%d frames/window=%d size=%dx%d cores=%d opencv threads=%d (median of 3"
              + " interleaved rounds)%n",
          backend,
          windows,
          FRAMES,
          WIDTH,
          HEIGHT,
          Runtime.getRuntime().availableProcessors(),
          org.bytedeco.opencv.global.opencv_core.getNumThreads());
      System.out.printf(
          Locale.ROOT, "threads=1: %.1f windows/s, %.1f frames/s per core%n", w1, w1 * FRAMES);
      System.out.printf(
          Locale.ROOT,
          "threads=2: %.1f windows/s, %.1f frames/s (%.1f windows/s per thread)%n",
          w2,
          w2 * FRAMES,
          w2 / 2);
      System.out.printf(
          Locale.ROOT, "scaling 2 threads / 1 thread = %.2fx (ideal 2.00x)%n", w2 / w1);
    }
  }

  private static BackendFactory factory(String name) {
    if (name.equals("pixel")) {
      return new PixelBackends(8);
    }
    return io.camreasoner.worker.config.BackendFactories.create(
        io.camreasoner.worker.config.WorkerConfig.parse(
            java.util.Map.of("reasoner.backend", name), System::getenv));
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(int windows) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      FrameWindow w = SyntheticWindows.panning("bench", i, FRAMES, WIDTH, HEIGHT, (i % 3) * 2, i);
      out.add(
          new ConsumerRecord<>(
              "frames",
              0,
              i,
              "bench".getBytes(),
              PlainAvro.serializer(FrameWindow.class).serialize("frames", w)));
    }
    return out;
  }

  /** Splits the records over {@code threads} threads, each with its own backend and processor. */
  static Measured measure(
      BackendFactory factory, List<ConsumerRecord<byte[], byte[]>> records, int threads)
      throws InterruptedException {
    List<ReasonerBackend> backends = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int batch = Math.max(1, factory.preferredBatchSize());
    for (int t = 0; t < threads; t++) {
      ReasonerBackend backend = factory.create();
      backends.add(backend);
      WindowProcessor p =
          new WindowProcessor(
              backend,
              factory.resultSettings(),
              PlainAvro.deserializer(FrameWindow.class),
              PlainAvro.serializer(MotionEvent.class),
              new DeadLetterRecords("dlq", "bench", PlainAvro.serializer(DeadLetter.class)),
              "events",
              new FailurePolicy(0, Duration.ofMillis(1)),
              new WorkerMetrics(new SimpleMeterRegistry(), factory.name()),
              Clock.systemUTC());
      List<ConsumerRecord<byte[], byte[]>> share = new ArrayList<>();
      for (int i = t; i < records.size(); i += threads) {
        share.add(records.get(i));
      }
      workers.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < share.size(); i += batch) {
                    for (WindowProcessor.Output o :
                        p.process(share.subList(i, Math.min(share.size(), i + batch)))) {
                      if (!o.records().get(0).topic().equals("events")) {
                        throw new IllegalStateException("window dead-lettered in benchmark");
                      }
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }
    workers.forEach(Thread::start);
    long t0 = System.nanoTime();
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    backends.forEach(ReasonerBackend::close);
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark failed", failure.get());
    }
    return new Measured(threads, records.size(), seconds);
  }
}
