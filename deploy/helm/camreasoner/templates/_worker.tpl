{{/*
A worker ConfigMap and Deployment: (dict "root" $ "w" <worker values> "key" "worker" "component" "worker"
"image" "worker" "gpu" false). The worker reads its options from CAMREASONER_* variables (ConfigMap);
worker.instance-id is the pod name (unique in the group: the transactional id of each pod). Options
under the prefixes kafka.client. and serde. are not read from the environment: they are arguments.
*/}}
{{- define "camreasoner.workerEnv" -}}
{{- $owned := concat (splitList " " (include "camreasoner.clusterOwned" .root)) (list "worker.instance-id" "ops.host" "ops.port") -}}
{{- include "camreasoner.clusterEnv" .root }}
{{ include "camreasoner.envName" "ops.host" }}: "0.0.0.0"
{{ include "camreasoner.envName" "ops.port" }}: {{ .w.opsPort | quote }}
{{- include "camreasoner.configEnv" (dict "root" .root "config" .w.config "component" .key "owned" $owned "prefixes" (list "kafka.client." "serde.")) }}
{{- end -}}

{{/* Arguments of a worker: the pass-through options (not read from the environment). */}}
{{- define "camreasoner.workerArgs" -}}
{{- include "camreasoner.passThroughArgs" (dict "root" .root "config" .w.config "component" .key "prefixes" (list "kafka.client." "serde.")) }}
{{- end -}}

{{- define "camreasoner.workerDeployment" -}}
{{- $root := .root -}}
{{- $w := .w -}}
{{- $sel := include "camreasoner.selector" (dict "root" $root "component" .component) -}}
{{- $name := printf "%s-%s" (include "camreasoner.fullname" $root) .component -}}
{{- $env := include "camreasoner.workerEnv" . -}}
{{- $args := include "camreasoner.workerArgs" . | trim -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  labels:
    {{- include "camreasoner.labels" $root | nindent 4 }}
data:
  {{- $env | nindent 2 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "camreasoner.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not (and $root.Values.keda.enabled (eq $root.Values.keda.target .key)) }}
  replicas: {{ $w.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- $sel | nindent 6 }}
  template:
    metadata:
      labels:
        {{- $sel | nindent 8 }}
        camreasoner.io/ops: worker
      annotations:
        checksum/config: {{ $env | sha256sum }}
        {{- if $root.Values.metrics.annotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $w.opsPort | quote }}
        prometheus.io/path: /metrics
        {{- end }}
    spec:
      {{- with (include "camreasoner.podCommon" (dict "root" $root "w" $w) | trim) }}{{ . | nindent 6 }}{{ end }}
      terminationGracePeriodSeconds: {{ $w.terminationGracePeriodSeconds }}
      containers:
        - name: worker
          image: {{ include "camreasoner.image" (dict "root" $root "service" .image) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with $args }}
          args:
            {{- . | nindent 12 }}
          {{- end }}
          envFrom:
            - configMapRef: {name: {{ $name }}}
          env:
            - name: {{ include "camreasoner.envName" "worker.instance-id" }}
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            {{- with (include "camreasoner.registryAuthEnv" $root | trim) }}{{ . | nindent 12 }}{{ end }}
            - name: CAMREASONER_JAVA_OPTS
              value: {{ $w.javaOpts | quote }}
            {{- with $w.env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: ops
              containerPort: {{ $w.opsPort }}
          startupProbe:
            httpGet: {path: /health, port: ops}
            periodSeconds: 5
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /health, port: ops}
            periodSeconds: 15
            timeoutSeconds: 5
            failureThreshold: 4
          readinessProbe:
            httpGet: {path: /health, port: ops}
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 3
          resources:
            {{- $res := deepCopy $w.resources }}
            {{- if .gpu }}
            {{- $_ := set $res "limits" (merge (dict "nvidia.com/gpu" $w.gpus) (default (dict) $res.limits)) }}
            {{- $_ := set $res "requests" (merge (dict "nvidia.com/gpu" $w.gpus) (default (dict) $res.requests)) }}
            {{- end }}
            {{- toYaml $res | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: cache
              mountPath: /var/cache/camreasoner
            {{- with (include "camreasoner.kafkaMounts" $root | trim) }}{{ . | nindent 12 }}{{ end }}
            {{- with $w.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: cache
          emptyDir: {}
        {{- with (include "camreasoner.kafkaVolumes" $root | trim) }}{{ . | nindent 8 }}{{ end }}
        {{- with $w.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end -}}
