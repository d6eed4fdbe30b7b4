package io.camreasoner.worker.testing;

import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.config.WorkerConfig;
import io.camreasoner.worker.loop.WorkerService;
import io.camreasoner.worker.loop.WorkerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for the crash test: runs {@link WorkerService} with the pixel test backend until
 * killed. Arguments: bootstrap, group, instance id, input, output, dlq topic, simulated
 * milliseconds per window.
 */
public final class CrashTestWorkerMain {

  private CrashTestWorkerMain() {}

  /**
   * The loop settings of a test worker as the production options make them: defaults, two threads,
   * batches of three.
   */
  public static WorkerSettings loopSettings(
      String bootstrap, String group, String instance, String input, String output, String dlq) {
    return WorkerConfig.parse(
            Map.of(
                "kafka.bootstrap", bootstrap,
                "worker.group-id", group,
                "worker.instance-id", instance,
                "topics.frame-windows", input,
                "topics.motion-events", output,
                "topics.dlq", dlq,
                "worker.threads", "2",
                "worker.batch.max-size", "3"),
            name -> null)
        .workerSettings();
  }

  public static void main(String[] args) throws InterruptedException {
    WorkerSettings s = loopSettings(args[0], args[1], args[2], args[3], args[4], args[5]);
    WorkerService worker =
        new WorkerService(
            s,
            new PixelBackends(3, Long.parseLong(args[6])),
            PlainAvro.deserializer(FrameWindow.class),
            PlainAvro.serializer(MotionEvent.class),
            PlainAvro.serializer(DeadLetter.class),
            new SimpleMeterRegistry(),
            // the killed member's session must expire before the restarted one gets partitions
            Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  done.countDown();
                }));
    worker.start();
    System.out.println("worker started");
    worker.awaitStopped(Duration.ofDays(1));
    done.await();
  }
}
