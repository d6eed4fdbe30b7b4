package io.camreasoner.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.publish.KafkaWindowSink;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.testing.SharedKafka;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestServiceIT {
  @TempDir Path dir;

  @Test
  void shouldPublishAvroWindowsAndEndMarkersWhenGoodAndBadInputsAreIngestedTogether()
      throws Exception {
    Programme programme = ProgrammeGenerator.generate(31, "prog", 3, 320, 180, 25, 2.5, true);
    Path good = dir.resolve("prog.mp4");
    ClipWriter.write(good, programme, 5);
    Path bad = Files.writeString(dir.resolve("broken.avi"), "not a video");
    String bootstrap = SharedKafka.broker().bootstrapServers();
    Topic<String, FrameWindow> topic =
        Topics.FRAME_WINDOWS.withName("it-windows-" + UUID.randomUUID()).withPartitions(2);
    try (var admin = SharedKafka.broker().admin()) {
      KafkaTopics.ensure(admin, List.of(topic), (short) 1);
    }
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.builder().inMemory().build().start()) {
      AvroSerdeConfig serdes = AvroSerdeConfig.of(RestSchemaRegistryClient.forUrl(registry.url()));
      List<Source> sources = Sources.expand(List.of(good.toString(), bad.toString()), null);
      List<IngestResult> results;
      try (KafkaWindowSink sink = new KafkaWindowSink(bootstrap, topic, serdes, Map.of());
          IngestService service =
              new IngestService(
                  StreamIngestor.Settings.defaults(), sink, IngestMetrics.inMemory(), 2)) {
        results = service.ingestAll(sources, IngestService.Listener.NONE);
      }
      assertThat(results.get(0).ok()).isTrue();
      assertThat(results.get(0).cuts())
          .containsExactlyElementsOf(programme.cuts().stream().map(Long::valueOf).toList());
      assertThat(results.get(1).error()).startsWith("not a decodable video");

      List<ConsumerRecord<String, FrameWindow>> records = new ArrayList<>();
      try (KafkaConsumer<String, FrameWindow> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ConsumerConfig.GROUP_ID_CONFIG,
                  "it-" + UUID.randomUUID(),
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest",
                  ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                  16 * 1024 * 1024),
              topic.keySerde(serdes).deserializer(),
              topic.valueSerde(serdes).deserializer())) {
        consumer.subscribe(List.of(topic.name()));
        long expected = results.get(0).windows() + 2;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
      }
      String goodId = sources.get(0).streamId();
      List<FrameWindow> goodWindows =
          records.stream().filter(r -> r.key().equals(goodId)).map(ConsumerRecord::value).toList();
      assertThat(goodWindows).hasSize((int) results.get(0).windows() + 1);
      FrameWindow last = goodWindows.get(goodWindows.size() - 1);
      assertThat(last.getEndOfStream()).isTrue();
      assertThat(last.getError()).isNull();
      assertThat(last.getCuts())
          .containsExactlyElementsOf(programme.cuts().stream().map(Long::valueOf).toList());
      assertThat(last.getLastFrame()).isEqualTo(programme.frames() - 1);
      for (int i = 0; i < goodWindows.size(); i++) {
        assertThat(goodWindows.get(i).getWindowSeq()).isEqualTo(i);
        assertThat(goodWindows.get(i).getStreamId()).isEqualTo(goodId);
      }
      assertThat(goodWindows.get(0).getFrames().get(0).getJpeg().get(0)).isEqualTo((byte) 0xFF);
      ConsumerRecord<String, FrameWindow> first =
          records.stream().filter(r -> r.key().equals(goodId)).findFirst().orElseThrow();
      assertThat(
              new String(
                  first.headers().lastHeader("camreasoner.window-seq").value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("0");

      FrameWindow badMarker =
          records.stream()
              .filter(r -> r.key().equals(sources.get(1).streamId()))
              .map(ConsumerRecord::value)
              .findFirst()
              .orElseThrow();
      assertThat(badMarker.getEndOfStream()).isTrue();
      assertThat(badMarker.getError()).startsWith("not a decodable video");
      assertThat(badMarker.getSource()).endsWith("broken.avi");
    }
  }
}
