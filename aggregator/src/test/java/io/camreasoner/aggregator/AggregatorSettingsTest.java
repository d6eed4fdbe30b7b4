package io.camreasoner.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.aggregator.testing.PlainAvroSerde;
import io.camreasoner.aggregator.topology.AggregatorConfig;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregatorSettingsTest {

  @Test
  void shouldBuildConfigWithRegistryTopicsAndGivenOptions() {
    AggregatorConfig cfg =
        AggregatorSettings.config(
            AggregatorSettings.GROUP.parse(
                Map.of(
                    "kafka.bootstrap",
                    "k:9092",
                    "aggregator.idle-close",
                    "5s",
                    "http.port",
                    "0",
                    "aggregator.min-segment-windows",
                    "3"),
                k -> null));
    assertThat(cfg.bootstrapServers()).isEqualTo("k:9092");
    assertThat(cfg.motionEventsTopic()).isEqualTo(Topics.MOTION_EVENTS.name());
    assertThat(cfg.shotTimelinesTopic()).isEqualTo(Topics.SHOT_TIMELINES.name());
    assertThat(cfg.dlqTopic()).isEqualTo(Topics.DLQ.name());
    assertThat(cfg.idleClose()).isEqualTo(Duration.ofSeconds(5));
    assertThat(cfg.minSegmentWindows()).isEqualTo(3);
    assertThat(cfg.httpPort()).isZero();
    assertThat(cfg.httpHost()).isEqualTo("127.0.0.1");
    assertThat(cfg.serdes().motionEvents()).isNotNull();
  }

  @Test
  void shouldTakeEveryDefaultFromTheDeclarationsWhenNoOptionIsGiven() {
    AggregatorConfig cfg = AggregatorSettings.config(Map.of(), PlainAvroSerde.aggregatorSerdes());

    assertThat(cfg.applicationId()).isEqualTo(AggregatorSettings.APPLICATION_ID.defaultText());
    assertThat(cfg.bootstrapServers()).isEqualTo(AggregatorSettings.BOOTSTRAP.defaultText());
    assertThat(cfg.motionEventsTopic()).isEqualTo(Topics.MOTION_EVENTS.name());
    assertThat(cfg.shotTimelinesTopic()).isEqualTo(Topics.SHOT_TIMELINES.name());
    assertThat(cfg.dlqTopic()).isEqualTo(Topics.DLQ.name());
    assertThat(cfg.minSegmentWindows())
        .isEqualTo(Integer.parseInt(AggregatorSettings.MIN_SEGMENT_WINDOWS.defaultText()));
    assertThat(AggregatorSettings.IDLE_CLOSE.defaultText()).isEqualTo("30s");
    assertThat(cfg.idleClose()).isEqualTo(Duration.ofSeconds(30));
    assertThat(cfg.stateDir()).isEqualTo(Path.of(AggregatorSettings.STATE_DIR.defaultText()));
    assertThat(cfg.httpHost()).isEqualTo(AggregatorSettings.HTTP_HOST.defaultText());
    assertThat(cfg.httpPort())
        .isEqualTo(Integer.parseInt(AggregatorSettings.HTTP_PORT.defaultText()));
    assertThat(cfg.advertisedHost()).isEqualTo(AggregatorSettings.ADVERTISED_HOST.defaultText());
    assertThat(cfg.serviceName()).isEqualTo(AggregatorConfig.SERVICE_NAME);
    assertThat(cfg.kafkaClient()).isEmpty();
  }

  @Test
  void shouldHandKafkaClientOptionsToTheConfigWithoutTheirPrefix() {
    AggregatorConfig cfg =
        AggregatorSettings.config(
            Map.of("kafka.client.main.consumer.group.instance.id", "agg-1"),
            PlainAvroSerde.aggregatorSerdes());

    assertThat(cfg.kafkaClient())
        .containsExactlyEntriesOf(Map.of("main.consumer.group.instance.id", "agg-1"));
  }

  @Test
  void shouldNameBadOptionWhenValueIsInvalid() {
    assertThatThrownBy(
            () -> AggregatorSettings.GROUP.parse(Map.of("http.port", "70000"), k -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port='70000' must be in [0, 65535]");
  }

  @Test
  void shouldNameEachOptionAsUsersWriteItWhenSeveralValuesAreInvalid() {
    Map<String, String> bad =
        Map.of(
            "kafka.bootstrap", "",
            "topics.motion-events", " ",
            "topics.shot-timelines", "",
            "topics.dlq", "",
            "aggregator.application-id", "",
            "aggregator.state-dir", "",
            "aggregator.min-segment-windows", "0",
            "aggregator.idle-close", "0s",
            "http.host", "",
            "http.advertised-host", "");

    assertThatThrownBy(() -> AggregatorSettings.config(bad, PlainAvroSerde.aggregatorSerdes()))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactlyInAnyOrder(
                        "kafka.bootstrap='' must not be blank",
                        "topics.motion-events=' ' must not be blank",
                        "topics.shot-timelines='' must not be blank",
                        "topics.dlq='' must not be blank",
                        "aggregator.application-id='' must not be blank",
                        "aggregator.state-dir='' must not be blank",
                        "aggregator.min-segment-windows='0' must be in [1, 100]",
                        "aggregator.idle-close='0s' must be positive",
                        "http.host='' must not be blank",
                        "http.advertised-host='' must not be blank"));
  }
}
