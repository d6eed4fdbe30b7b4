package io.camreasoner.platform.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application class-data sharing for the embedded broker's child JVM: Kafka's and Scala's classes
 * (several thousand) are loaded, parsed and verified on every broker start, which is most of its
 * start-up CPU. The first broker of a build writes a dynamic archive of the classes it loaded as it
 * exits; later brokers map it. The launcher turns this on by naming the archive in the system
 * property {@value #PROPERTY} (the name carries the build's stamp, and the launcher removes the
 * archives of earlier builds); without it nothing changes.
 *
 * <p>The child writes to a name of its own ({@code .<pid>.partial}) and the archive is moved into
 * place only after a clean stop, so brokers started at once never read a half-written archive; a
 * killed child leaves none. A JVM that cannot use an archive ignores it ({@code -Xshare:auto}).
 */
final class BrokerClassArchive {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerClassArchive.class);

  /** System property naming the archive file; unset = no class-data archive for the broker. */
  static final String PROPERTY = "camreasoner.broker-cds";

  private final Path archive;
  private Path writing;

  private BrokerClassArchive(Path archive) {
    this.archive = archive;
  }

  /** The archive the launcher named, or null when it named none. */
  static BrokerClassArchive fromSystemProperty() {
    String path = System.getProperty(PROPERTY);
    return path == null || path.isBlank() ? null : at(Path.of(path));
  }

  /** The archive at this path (written by the first child when missing). */
  static BrokerClassArchive at(Path archive) {
    return new BrokerClassArchive(archive);
  }

  /** The JVM options of the next child: map the archive, or write it when there is none yet. */
  synchronized List<String> jvmOptions() {
    if (Files.isRegularFile(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive);
    }
    writing =
        archive.resolveSibling(
            archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
    return List.of("-XX:ArchiveClassesAtExit=" + writing, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  }

  /**
   * The child has exited: a clean stop puts the archive it wrote in place; after a kill (no archive
   * or a partial one) the file is removed.
   */
  synchronized void childExited(boolean cleanly) {
    if (writing == null) {
      return;
    }
    Path written = writing;
    writing = null;
    try {
      if (cleanly && Files.isRegularFile(written) && Files.size(written) > 0) {
        Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
        LOG.debug("broker class-data archive written: {}", archive);
      } else {
        Files.deleteIfExists(written);
      }
    } catch (IOException e) {
      LOG.debug("broker class-data archive {} not kept: {}", archive, e.toString());
      try {
        Files.deleteIfExists(written);
      } catch (IOException ignored) {
        // a leftover partial file is never read: only the final name is
      }
    }
  }
}
