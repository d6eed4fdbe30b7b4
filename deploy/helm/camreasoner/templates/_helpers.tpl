{{/* Names, labels and the pieces every workload shares. */}}

{{- define "camreasoner.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "camreasoner.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: camreasoner
app.kubernetes.io/part-of: camreasoner
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "worker") */}}
{{- define "camreasoner.selector" -}}
app.kubernetes.io/name: camreasoner
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Image of one service: (dict "root" $ "service" "worker") */}}
{{- define "camreasoner.image" -}}
{{- $img := .root.Values.image -}}
{{- $prefix := ternary "" (printf "%s/" $img.registry) (empty $img.registry) -}}
{{- printf "%s%s/%s:%s" $prefix $img.repository .service (default .root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{/* CAMREASONER_<NAME> of an option name (dots and dashes as _), as the services read it. */}}
{{- define "camreasoner.envName" -}}
{{- printf "CAMREASONER_%s" (. | upper | replace "." "_" | replace "-" "_") -}}
{{- end -}}

{{/*
Kafka settings every Kafka client of the release shares; fails on combinations that cannot connect.
Ingest, worker, aggregator and the topic Job read their Kafka security (security.protocol, sasl.*,
ssl.*) from one Kafka client properties file, the key kafka.clientConfig.key of the Secret
kafka.clientConfig.existingSecret; kafka.security.* describes the same cluster to KEDA.
*/}}
{{- define "camreasoner.kafkaChecks" -}}
{{- $k := .Values.kafka -}}
{{- $protocol := $k.security.protocol -}}
{{- if not (has $protocol (list "PLAINTEXT" "SSL" "SASL_PLAINTEXT" "SASL_SSL")) }}
{{- fail (printf "kafka.security.protocol=%s: use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL" $protocol) }}
{{- end }}
{{- if and (ne $protocol "PLAINTEXT") (empty $k.clientConfig.existingSecret) (not (hasKey $k.clientProperties "security.protocol")) }}
{{- fail (printf "kafka.security.protocol=%s needs kafka.clientConfig.existingSecret: ingest, worker, aggregator and the topic Job take Kafka security from a client properties file in a Secret (deploy/README.md, Security)" $protocol) }}
{{- end }}
{{- range $name, $_ := $k.clientProperties }}
{{- include "camreasoner.refuseCredential" (dict "key" $name "where" "kafka.clientProperties") }}
{{- end }}
{{- end -}}

{{/* Pass-through options become command-line arguments: no credentials there. (dict "key" k "where" w) */}}
{{- define "camreasoner.refuseCredential" -}}
{{- if regexMatch "(?i)(password|jaas|secret|token|user\\.info|keystore\\.key$)" .key }}
{{- fail (printf "%s: %s looks like a credential and would be a command-line argument; put it in the client properties Secret (kafka.clientConfig.existingSecret) or, for the registry, schemaRegistry.basicAuth.existingSecret" .where .key) }}
{{- end }}
{{- end -}}

{{/* Path of the Kafka client properties file in the pods ("" when there is none). */}}
{{- define "camreasoner.kafkaConfigFile" -}}
{{- with .Values.kafka.clientConfig.existingSecret -}}
/etc/camreasoner/kafka/{{ $.Values.kafka.clientConfig.key }}
{{- end -}}
{{- end -}}

{{/* ConfigMap entries of the cluster options every service declares (ClusterSettings). */}}
{{- define "camreasoner.clusterEnv" -}}
{{ include "camreasoner.envName" "kafka.bootstrap" }}: {{ .Values.kafka.bootstrap | quote }}
{{ include "camreasoner.envName" "schema.registry.url" }}: {{ .Values.schemaRegistry.url | quote }}
{{- with (include "camreasoner.kafkaConfigFile" .) }}
{{ include "camreasoner.envName" "kafka.config-file" }}: {{ . | quote }}
{{- end }}
{{- end -}}

{{/*
"true" when a worker of the release runs the vlm backend (worker or gpuWorker), else empty: the vlm
backend shows frames to a model that sees colour, so ingest then sends every frame in colour
(window.colour=all) instead of only each shot's first.
*/}}
{{- define "camreasoner.vlmWorkers" -}}
{{- $w := .Values.worker -}}
{{- $g := .Values.gpuWorker -}}
{{- if or (and $w.enabled (eq (index $w.config "reasoner.backend" | default "geometry") "vlm")) (and $g.enabled (eq (index $g.config "reasoner.backend" | default "geometry") "vlm")) -}}
true
{{- end -}}
{{- end -}}

{{/* Options of every service the chart sets itself (refused in <service>.config). */}}
{{- define "camreasoner.clusterOwned" -}}
kafka.bootstrap kafka.config-file schema.registry.url schema.registry.basic-auth
{{- end -}}

{{/*
ConfigMap entries of a service's own options: (dict "root" $ "config" <map> "component" "aggregator"
"owned" (list ...) "prefixes" (list "kafka.client.")). Options under a pass-through prefix are not read
from the environment: camreasoner.passThroughArgs makes them arguments.
*/}}
{{- define "camreasoner.configEnv" -}}
{{- $c := . -}}
{{- range $k, $v := .config }}
{{- if has $k $c.owned }}
{{- fail (printf "%s is set by the chart; remove it from %s.config" $k $c.component) }}
{{- end }}
{{- $passed := false }}
{{- range $c.prefixes }}{{ if hasPrefix . $k }}{{ $passed = true }}{{ end }}{{ end }}
{{- if not $passed }}
{{ include "camreasoner.envName" $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Arguments of the pass-through options: kafka.clientProperties as --kafka.client.<name>=<value>, then
the service's own prefixed options (its config wins). Same dict as camreasoner.configEnv.
*/}}
{{- define "camreasoner.passThroughArgs" -}}
{{- $c := . -}}
{{- range $k, $v := .root.Values.kafka.clientProperties }}
- --kafka.client.{{ $k }}={{ $v }}
{{- end }}
{{- range $k, $v := .config }}
{{- range $c.prefixes }}
{{- if hasPrefix . $k }}
{{- include "camreasoner.refuseCredential" (dict "key" $k "where" (printf "%s.config" $c.component)) }}
- --{{ $k }}={{ $v }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Volumes of the Kafka client properties Secret and of a separate CA Secret. */}}
{{- define "camreasoner.kafkaVolumes" -}}
{{- $k := .Values.kafka -}}
{{- with $k.clientConfig.existingSecret }}
- name: kafka-client
  secret:
    secretName: {{ . }}
    defaultMode: 288           # 0440: read by the owner and the pod's fsGroup (10001)
{{- end }}
{{- if and $k.security.tls.existingSecret (ne $k.security.tls.existingSecret $k.clientConfig.existingSecret) }}
- name: kafka-tls
  secret:
    secretName: {{ $k.security.tls.existingSecret }}
    defaultMode: 288           # 0440
{{- end }}
{{- end -}}
{{- define "camreasoner.kafkaMounts" -}}
{{- $k := .Values.kafka -}}
{{- if $k.clientConfig.existingSecret }}
- name: kafka-client
  mountPath: /etc/camreasoner/kafka
  readOnly: true
{{- end }}
{{- if and $k.security.tls.existingSecret (ne $k.security.tls.existingSecret $k.clientConfig.existingSecret) }}
- name: kafka-tls
  mountPath: /etc/camreasoner/kafka-tls
  readOnly: true
{{- end }}
{{- end -}}

{{/* The registry's basic-auth Secret as CAMREASONER_SCHEMA_REGISTRY_BASIC_AUTH (every service). */}}
{{- define "camreasoner.registryAuthEnv" -}}
{{- with .Values.schemaRegistry.basicAuth.existingSecret }}
- name: {{ include "camreasoner.envName" "schema.registry.basic-auth" }}
  valueFrom: {secretKeyRef: {name: {{ . }}, key: {{ $.Values.schemaRegistry.basicAuth.userInfoKey }}}}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by every workload: (dict "root" $ "w" <component values>) */}}
{{- define "camreasoner.podCommon" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .w.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .w.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .w.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
