package io.camreasoner.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {
  final List<String> events = new ArrayList<>();

  Service service(String name, boolean failStart) {
    return new Service() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void start() {
        if (failStart) {
          throw new IllegalStateException(name + " cannot bind");
        }
        events.add("start " + name);
      }

      @Override
      public void close() {
        events.add("close " + name);
      }
    };
  }

  @Test
  void shouldStartInOrderAndCloseInReverseWhenClosed() throws Exception {
    ServiceRunner runner =
        new ServiceRunner("test")
            .add(service("broker", false))
            .add(service("registry", false))
            .add(service("worker", false));
    runner.start();
    assertThat(runner.healthy()).isTrue();
    assertThat(runner.awaitShutdown(10, TimeUnit.MILLISECONDS)).isFalse();
    runner.close();
    runner.close();
    assertThat(events)
        .containsExactly(
            "start broker",
            "start registry",
            "start worker",
            "close worker",
            "close registry",
            "close broker");
    assertThat(runner.awaitShutdown(10, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(runner.healthy()).isFalse();
  }

  @Test
  void shouldCloseStartedServicesWhenALaterOneFailsToStart() {
    ServiceRunner runner =
        new ServiceRunner("test")
            .add(service("broker", false))
            .add(service("registry", true))
            .add(service("worker", false));
    assertThatThrownBy(runner::start).hasMessage("registry cannot bind");
    assertThat(events).containsExactly("start broker", "close broker");
  }

  @Test
  void shouldReleaseAwaitingMainWhenClosedFromAnotherThread() throws Exception {
    ServiceRunner runner =
        new ServiceRunner("test").add(service("a", false)).start().installShutdownHook();
    Thread closer = new Thread(runner::close);
    closer.start();
    assertThat(runner.awaitShutdown(5, TimeUnit.SECONDS)).isTrue();
    closer.join();
    assertThat(events).containsExactly("start a", "close a");
  }
}
