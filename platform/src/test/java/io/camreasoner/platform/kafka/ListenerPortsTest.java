package io.camreasoner.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerPortsTest {
  @TempDir Path dir;

  @Test
  void shouldChooseBelowTheEphemeralRangeWhenTheRangeIsKnown() throws IOException {
    for (int i = 0; i < 20; i++) {
      int port = ListenerPorts.choose(ListenerPorts.LOWEST, 32768);
      assertThat(port).isBetween(ListenerPorts.LOWEST, 32767);
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void shouldNotChooseAPortThatIsAlreadyListeningWhenOnlyItIsInTheSpan() throws IOException {
    int taken = ListenerPorts.choose(ListenerPorts.LOWEST, 32768);
    try (ServerSocket held = new ServerSocket()) {
      held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken));
      // A span of exactly one port, the taken one: every try fails, so the kernel's choice is used.
      int port = ListenerPorts.choose(taken, taken + 1);
      assertThat(port).isNotEqualTo(taken).isPositive();
    }
  }

  @Test
  void shouldReadTheLowEndOfTheRangeWhenTheFileHoldsTwoNumbers() throws IOException {
    Path file = dir.resolve("range");
    Files.writeString(file, "32768\t60999\n");
    assertThat(ListenerPorts.ephemeralLow(file)).isEqualTo(32768);
  }

  @Test
  void shouldReadTheRealRangeWhenRunningOnLinux() {
    assumeTrue(Files.isReadable(ListenerPorts.EPHEMERAL_RANGE));
    assertThat(ListenerPorts.ephemeralLow(ListenerPorts.EPHEMERAL_RANGE)).isGreaterThan(1024);
  }

  @Test
  void shouldFallBackToTheKernelsChoiceWhenTheRangeCannotBeRead() {
    assertThat(ListenerPorts.ephemeralLow(dir.resolve("missing"))).isZero();
    assertThat(ListenerPorts.choose(ListenerPorts.LOWEST, 0)).isPositive();
  }
}
