package io.camreasoner.worker.testing;

import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
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

  public static void main(String[] args) throws InterruptedException {
    WorkerSettings base = WorkerSettings.defaults(args[0], args[3], args[4], args[5]);
    WorkerSettings s = base.withGroupId(args[1]).withInstanceId(args[2]).withThreads(2, 3);
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
