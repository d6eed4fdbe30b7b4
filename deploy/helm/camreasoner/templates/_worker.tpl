{{/*
A worker Deployment: (dict "root" $ "w" <worker values> "component" "worker" "image" "worker" "gpu" false).
worker.instance-id is the pod name: unique in the group (the transactional id of each pod).
*/}}
{{- define "camreasoner.workerDeployment" -}}
{{- $root := .root -}}
{{- $w := .w -}}
{{- $sel := include "camreasoner.selector" (dict "root" $root "component" .component) -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "camreasoner.fullname" $root }}-{{ .component }}
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
      {{- if $root.Values.metrics.annotations }}
      annotations:
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
          args:
            {{- include "camreasoner.workerArgs" (dict "root" $root "w" $w) | nindent 12 }}
          env:
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: CAMREASONER_JAVA_OPTS
              value: {{ $w.javaOpts | quote }}
            {{- with (include "camreasoner.secretEnv" $root | trim) }}{{ . | nindent 12 }}{{ end }}
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
            {{- with (include "camreasoner.tlsMount" $root | trim) }}{{ . | nindent 12 }}{{ end }}
            {{- with $w.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: cache
          emptyDir: {}
        {{- with (include "camreasoner.tlsVolume" $root | trim) }}{{ . | nindent 8 }}{{ end }}
        {{- with $w.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end -}}
