package io.camreasoner.worker.loop;

import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.decode.UndecodableWindowException;
import io.camreasoner.worker.decode.WindowDecoder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a batch of consumed records into the records to produce, one per input, in input order: a
 * motion event, an end-of-stream pass-through, or a dead letter. Owns one backend (one processing
 * thread); knows no consumer or producer, so it is tested without a broker.
 */
final class WindowProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(WindowProcessor.class);

  /** Dead-letter stage: the value is not a FrameWindow. */
  static final String STAGE_DESERIALIZE = "worker.deserialize";

  /** Dead-letter stage: a sampled frame is not a decodable JPEG. */
  static final String STAGE_DECODE = "worker.decode-jpeg";

  /** Dead-letter stage: the backend gave up on the window. */
  static final String STAGE_REASON = "worker.reason";

  private final ReasonerBackend backend;
  private final Deserializer<FrameWindow> windows;
  private final Serializer<MotionEvent> events;
  private final DeadLetterRecords deadLetters;
  private final String outputTopic;
  private final FailurePolicy policy;
  private final WorkerMetrics metrics;
  private final WindowDecoder decoder = new WindowDecoder();
  private final Clock clock;

  WindowProcessor(
      ReasonerBackend backend,
      Deserializer<FrameWindow> windows,
      Serializer<MotionEvent> events,
      DeadLetterRecords deadLetters,
      String outputTopic,
      FailurePolicy policy,
      WorkerMetrics metrics,
      Clock clock) {
    this.backend = backend;
    this.windows = windows;
    this.events = events;
    this.deadLetters = deadLetters;
    this.outputTopic = outputTopic;
    this.policy = policy;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** One input's outcome. */
  record Output(ConsumerRecord<byte[], byte[]> origin, ProducerRecord<byte[], byte[]> record) {}

  /** A window waiting for the backend, with its place in the batch. */
  private record Pending(int index, ConsumerRecord<byte[], byte[]> origin, DecodedWindow window) {}

  /**
   * Processes a batch.
   *
   * @throws InterruptedException when interrupted during a retry back-off (shutdown)
   */
  List<Output> process(List<ConsumerRecord<byte[], byte[]>> batch) throws InterruptedException {
    long start = System.nanoTime();
    Output[] out = new Output[batch.size()];
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ConsumerRecord<byte[], byte[]> rec = batch.get(i);
      FrameWindow w;
      try {
        w = windows.deserialize(rec.topic(), rec.headers(), rec.value());
        if (w == null) {
          throw new IllegalArgumentException("record has no value");
        }
      } catch (RuntimeException e) {
        out[i] = deadLetter(rec, STAGE_DESERIALIZE, "not a FrameWindow: " + e.getMessage(), e);
        continue;
      }
      if (w.getEndOfStream()) {
        metrics.endOfStream();
        out[i] =
            event(
                rec,
                MotionEvents.endOfStream(
                    w, backend.name(), backend.modelVersion(), clock.millis()));
        continue;
      }
      try {
        pending.add(new Pending(i, rec, decoder.decode(w)));
      } catch (UndecodableWindowException e) {
        out[i] = deadLetter(rec, STAGE_DECODE, e.getMessage(), e);
      }
    }
    if (!pending.isEmpty()) {
      metrics.batch(pending.size());
      reason(pending, out);
    }
    long perWindow = (System.nanoTime() - start) / Math.max(1, batch.size());
    for (Pending p : pending) {
      if (out[p.index()].record().topic().equals(outputTopic)) {
        metrics.event(perWindow);
      }
    }
    return List.of(out);
  }

  /**
   * Calls the backend, retrying or dead-lettering as the policy says, until every window is done.
   */
  private void reason(List<Pending> pending, Output[] out) throws InterruptedException {
    List<Pending> todo = new ArrayList<>(pending);
    int attempt = 0;
    while (!todo.isEmpty()) {
      List<BackendResult> results;
      try {
        results = backend.reason(todo.stream().map(Pending::window).toList());
        if (results.size() != todo.size()) {
          throw BackendException.ofBatch(
              "backend "
                  + backend.name()
                  + " returned "
                  + results.size()
                  + " results for "
                  + todo.size()
                  + " windows",
              false,
              null);
        }
      } catch (BackendException e) {
        metrics.backendError(e.retriable());
        if (policy.onBackendFailure(e, attempt) == FailurePolicy.Action.RETRY) {
          LOG.warn(
              "backend {} failed on {} window(s), retry {}: {}",
              backend.name(),
              todo.size(),
              attempt + 1,
              e.getMessage());
          Thread.sleep(policy.backoff(attempt).toMillis());
          attempt++;
          continue;
        }
        if (e.windowIndex() >= 0 && e.windowIndex() < todo.size()) {
          Pending bad = todo.remove(e.windowIndex());
          out[bad.index()] = reasonFailed(bad, e);
        } else if (todo.size() > 1) {
          // the whole batch failed: isolate the culprit by reasoning window by window
          for (Pending p : todo) {
            reason(List.of(p), out);
          }
          return;
        } else {
          out[todo.get(0).index()] = reasonFailed(todo.remove(0), e);
        }
        attempt = 0;
        continue;
      } catch (RuntimeException e) {
        // a bug in the backend on some input: treat as a non-retriable failure of the batch
        metrics.backendError(false);
        if (todo.size() > 1) {
          for (Pending p : todo) {
            reason(List.of(p), out);
          }
          return;
        }
        out[todo.get(0).index()] =
            reasonFailed(todo.remove(0), BackendException.ofBatch(String.valueOf(e), false, e));
        continue;
      }
      for (int j = 0; j < todo.size(); j++) {
        Pending p = todo.get(j);
        MotionEvent ev =
            MotionEvents.of(
                p.window().window(),
                results.get(j),
                backend.name(),
                backend.modelVersion(),
                clock.millis());
        out[p.index()] = event(p.origin(), ev);
      }
      todo.clear();
    }
  }

  private Output reasonFailed(Pending p, BackendException e) {
    String reason =
        "backend " + backend.name() + " failed on " + p.window().describe() + ": " + e.getMessage();
    return deadLetter(p.origin(), STAGE_REASON, reason, e.getCause() == null ? e : e.getCause());
  }

  private Output event(ConsumerRecord<byte[], byte[]> origin, MotionEvent ev) {
    byte[] value = events.serialize(outputTopic, ev);
    return new Output(origin, new ProducerRecord<>(outputTopic, null, origin.key(), value));
  }

  private Output deadLetter(
      ConsumerRecord<byte[], byte[]> origin, String stage, String reason, Throwable error) {
    metrics.deadLetter();
    LOG.warn(
        "dead-lettering {}-{}@{} at {}: {}",
        origin.topic(),
        origin.partition(),
        origin.offset(),
        stage,
        reason);
    return new Output(
        origin,
        deadLetters.record(
            DeadLetterRecords.Origin.of(origin), stage, reason, error, clock.millis()));
  }
}
