package io.camreasoner.app;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.camreasoner.aggregator.AggregatorSettings;
import io.camreasoner.ingest.IngestSettings;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.kafka.acl.AclRequirement;
import io.camreasoner.schemas.Topics;
import io.camreasoner.worker.InferenceWorkerSettings;
import io.camreasoner.worker.config.WorkerConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner acls}: the Kafka ACLs each service needs on a secured cluster, as {@code
 * kafka-acls} commands, from the same declarations the services check at start-up (ingest, worker,
 * aggregator, and the embedded schema registry when it runs against the cluster). Topic, group and
 * application-id options change the names as they change them in the services. The README's
 * Security section and the Helm chart's {@code files/acls.sh} carry this output (tests keep them
 * equal).
 */
@Command(
    name = "acls",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Kafka ACLs each service needs, as kafka-acls commands.",
      "Run them with BOOTSTRAP and ADMIN_CONFIG (an admin's client properties) set."
    })
final class AclsCommand implements Callable<Integer> {
  /** The services, in the order printed. */
  static final List<String> SERVICES = List.of("ingest", "worker", "aggregator", "schema-registry");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--principal",
      paramLabel = "SERVICE=PRINCIPAL",
      description =
          "The principal a service runs as, e.g. --principal worker=User:worker"
              + " (default User:camreasoner-<service>).")
  Map<String, String> principals = new LinkedHashMap<>();

  @Option(
      names = "--shell",
      description =
          "Print a bash script instead: principals from <SERVICE>_PRINCIPAL variables (defaults as"
              + " --principal gives them), kafka-acls from KAFKA_ACLS (default"
              + " /opt/kafka/bin/kafka-acls.sh). The Helm chart's files/acls.sh is this output.")
  boolean shell;

  @Parameters(
      paramLabel = "--option=value",
      arity = "0..*",
      description =
          "Service options naming topics, groups and ids, e.g. --worker.group-id=workers"
              + " --aggregator.application-id=timelines.")
  List<String> args = new ArrayList<>();

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new AclsCommand());
    cli.setUnmatchedOptionsArePositionalParams(true);
    return cli;
  }

  @Override
  public Integer call() {
    for (String service : principals.keySet()) {
      if (!SERVICES.contains(service)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--principal: no service '" + service + "' (one of " + SERVICES + ")");
      }
    }
    Map<String, List<AclRequirement>> requirements;
    try {
      requirements = requirements(args);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(shell ? shellScript(requirements, principals) : script(requirements, principals));
    out.flush();
    return 0;
  }

  /** The default principal of a service: {@code User:camreasoner-<service>}. */
  static String defaultPrincipal(String service) {
    return "User:camreasoner-" + service;
  }

  /**
   * Each service's requirements with the given service options (each service reads the options it
   * knows; an option none of them knows is an error).
   */
  static Map<String, List<AclRequirement>> requirements(List<String> args) {
    Set<String> unknownToAll = null;
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    for (Map.Entry<String, SettingGroup> g :
        Map.of(
                "ingest", IngestSettings.GROUP,
                "worker", InferenceWorkerSettings.GROUP,
                "aggregator", AggregatorSettings.GROUP)
            .entrySet()) {
      List<String> rest = new ArrayList<>();
      values.put(g.getKey(), g.getValue().fromArgs(args, rest));
      unknownToAll = unknownToAll == null ? new HashSet<>(rest) : retain(unknownToAll, rest);
    }
    if (unknownToAll != null && !unknownToAll.isEmpty()) {
      throw new IllegalArgumentException(
          "no service takes " + unknownToAll.stream().sorted().toList() + " (see --help)");
    }
    Map<String, List<AclRequirement>> out = new LinkedHashMap<>();
    out.put(
        "ingest", IngestSettings.acls(IngestSettings.GROUP.parse(values.get("ingest"), k -> null)));
    out.put("worker", WorkerConfig.parse(values.get("worker"), k -> null).workerSettings().acls());
    out.put(
        "aggregator",
        AggregatorSettings.config(
                AggregatorSettings.GROUP.parse(values.get("aggregator"), k -> null))
            .acls());
    out.put(
        "schema-registry",
        List.of(
            AclRequirement.topic(
                Topics.SCHEMAS.name(),
                "the embedded registry's log (only where it runs against this cluster)",
                CREATE,
                READ,
                WRITE,
                DESCRIBE)));
    return out;
  }

  private static Set<String> retain(Set<String> set, List<String> other) {
    set.retainAll(other);
    return set;
  }

  /** The shell script granting every requirement to its service's principal. */
  /**
   * A runnable bash script granting every requirement: the principals come from {@code
   * <SERVICE>_PRINCIPAL} variables (defaulting to {@code principals} or the default principal),
   * {@code kafka-acls} is {@code $KAFKA_ACLS} (the Apache Kafka image's script by default).
   */
  static String shellScript(
      Map<String, List<AclRequirement>> requirements, Map<String, String> principals) {
    StringBuilder sb =
        new StringBuilder(
            """
            #!/bin/bash
            # The Kafka ACLs of every CamReasoner service, least privilege (generated by
            # `camreasoner acls --shell` from the declarations the services check at start-up;
            # DeploymentFilesTest keeps this file equal to it). Environment:
            #   BOOTSTRAP             bootstrap servers (required)
            #   ADMIN_CONFIG          an administrator's Kafka client properties file (required)
            #   KAFKA_ACLS            path of kafka-acls (default /opt/kafka/bin/kafka-acls.sh)
            #   <SERVICE>_PRINCIPAL   the principal each service runs as (defaults below)
            set -eu
            : "${BOOTSTRAP:?BOOTSTRAP must name the bootstrap servers}"
            : "${ADMIN_CONFIG:?ADMIN_CONFIG must name the client properties file of an administrator}"
            kafka-acls() { "${KAFKA_ACLS:-/opt/kafka/bin/kafka-acls.sh}" "$@"; }
            """);
    requirements.keySet().stream()
        .forEach(
            service ->
                sb.append(principalVariable(service))
                    .append("=\"${")
                    .append(principalVariable(service))
                    .append(":-")
                    .append(principals.getOrDefault(service, defaultPrincipal(service)))
                    .append("}\"\n"));
    requirements.forEach(
        (service, list) -> {
          sb.append("# ").append(service).append('\n');
          for (AclRequirement r : list) {
            sb.append("#   ").append(r.why()).append('\n');
            sb.append(r.kafkaAclsCommandForShellWord("\"$" + principalVariable(service) + "\""))
                .append('\n');
          }
        });
    return sb.toString();
  }

  /** {@code schema-registry} → {@code SCHEMA_REGISTRY_PRINCIPAL}. */
  static String principalVariable(String service) {
    return service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_PRINCIPAL";
  }

  static String script(
      Map<String, List<AclRequirement>> requirements, Map<String, String> principals) {
    StringBuilder sb = new StringBuilder();
    requirements.forEach(
        (service, list) -> {
          String principal = principals.getOrDefault(service, defaultPrincipal(service));
          sb.append("# ").append(service).append(" as ").append(principal).append('\n');
          for (AclRequirement r : list) {
            sb.append("#   ").append(r.why()).append('\n');
            sb.append(r.kafkaAclsCommand(principal)).append('\n');
          }
        });
    return sb.toString();
  }
}
