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

{{/* Fails unless Kafka is PLAINTEXT: ingest and the aggregator cannot take client security. */}}
{{- define "camreasoner.requirePlaintext" -}}
{{- if ne .root.Values.kafka.security.protocol "PLAINTEXT" -}}
{{- fail (printf "%s cannot connect with kafka.security.protocol=%s: it takes no Kafka client properties yet (deploy/README.md, Security); disable it or use a PLAINTEXT listener" .component .root.Values.kafka.security.protocol) -}}
{{- end -}}
{{- end -}}

{{- define "camreasoner.saslModule" -}}
{{- if eq . "PLAIN" -}}org.apache.kafka.common.security.plain.PlainLoginModule
{{- else if or (eq . "SCRAM-SHA-256") (eq . "SCRAM-SHA-512") -}}org.apache.kafka.common.security.scram.ScramLoginModule
{{- else -}}{{- fail (printf "kafka.security.sasl.mechanism=%s: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512" .) -}}
{{- end -}}
{{- end -}}

{{/* Env of the Kafka credentials and registry auth (secrets only, never in args or ConfigMaps). */}}
{{- define "camreasoner.secretEnv" -}}
{{- $sec := .Values.kafka.security -}}
{{- if hasPrefix "SASL_" $sec.protocol }}
{{- if empty $sec.sasl.existingSecret }}{{ fail "kafka.security.sasl.existingSecret is required with SASL_*" }}{{ end }}
- name: KAFKA_SASL_USERNAME
  valueFrom: {secretKeyRef: {name: {{ $sec.sasl.existingSecret }}, key: {{ $sec.sasl.usernameKey }}}}
- name: KAFKA_SASL_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $sec.sasl.existingSecret }}, key: {{ $sec.sasl.passwordKey }}}}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(KAFKA_SASL_USERNAME)\" password=\"$(KAFKA_SASL_PASSWORD)\";" (include "camreasoner.saslModule" $sec.sasl.mechanism) | quote }}
{{- end }}
{{- with .Values.schemaRegistry.basicAuth.existingSecret }}
- name: SCHEMA_REGISTRY_USER_INFO
  valueFrom: {secretKeyRef: {name: {{ . }}, key: {{ $.Values.schemaRegistry.basicAuth.userInfoKey }}}}
{{- end }}
{{- end -}}

{{/* Kafka TLS CA volume and mount, when a CA secret is given. */}}
{{- define "camreasoner.tlsVolume" -}}
{{- with .Values.kafka.security.tls.existingSecret }}
- name: kafka-tls
  secret: {secretName: {{ . }}}
{{- end }}
{{- end -}}
{{- define "camreasoner.tlsMount" -}}
{{- if .Values.kafka.security.tls.existingSecret }}
- name: kafka-tls
  mountPath: /etc/camreasoner/kafka-tls
  readOnly: true
{{- end }}
{{- end -}}

{{/*
Arguments of a worker: (dict "root" $ "w" .Values.worker). The chart's own options first, then the
Kafka client security (kafka.client.*), then the user's options.
*/}}
{{- define "camreasoner.workerArgs" -}}
{{- $v := .root.Values -}}
{{- $sec := $v.kafka.security -}}
- --kafka.bootstrap={{ $v.kafka.bootstrap }}
- --schema.registry.url={{ $v.schemaRegistry.url }}
- --worker.instance-id=$(POD_NAME)
- --ops.port={{ .w.opsPort }}
{{- if $v.schemaRegistry.basicAuth.existingSecret }}
- --serde.basic.auth.credentials.source=USER_INFO
- --serde.basic.auth.user.info=$(SCHEMA_REGISTRY_USER_INFO)
{{- end }}
{{- if ne $sec.protocol "PLAINTEXT" }}
- --kafka.client.security.protocol={{ $sec.protocol }}
{{- end }}
{{- if hasPrefix "SASL_" $sec.protocol }}
- --kafka.client.sasl.mechanism={{ $sec.sasl.mechanism }}
- --kafka.client.sasl.jaas.config=$(KAFKA_SASL_JAAS_CONFIG)
{{- end }}
{{- if and (hasSuffix "SSL" $sec.protocol) $sec.tls.existingSecret }}
- --kafka.client.ssl.truststore.type=PEM
- --kafka.client.ssl.truststore.location=/etc/camreasoner/kafka-tls/{{ $sec.tls.caKey }}
{{- end }}
{{- range $k, $val := $v.kafka.clientProperties }}
- --kafka.client.{{ $k }}={{ $val }}
{{- end }}
{{- range $k, $val := .w.config }}
{{- if has $k (list "kafka.bootstrap" "schema.registry.url" "worker.instance-id" "ops.port") }}
{{- fail (printf "%s is set by the chart; remove it from the worker's config" $k) }}
{{- end }}
- --{{ $k }}={{ $val }}
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
