// Validates rendered Kubernetes manifests (multi-document YAML files given as arguments) against
// the OpenAPI schemas of kubernetes-models (core APIs, KEDA, Prometheus Operator). Also checks that
// every probe's named port is a port of its container. Exit 1 on any problem, naming the object.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelFor(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const pkg = packages[group] ?? "kubernetes-models";
  const path = `${pkg}/${apiVersion}/${kind}`;
  const mod = await import(path);
  return mod[kind];
}

function probePortProblems(obj) {
  const spec = obj.spec?.template?.spec ?? obj.spec?.jobTemplate?.spec?.template?.spec;
  const problems = [];
  for (const c of spec?.containers ?? []) {
    const names = new Set((c.ports ?? []).map((p) => p.name));
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const port = c[probe]?.httpGet?.port;
      if (typeof port === "string" && !names.has(port)) {
        problems.push(`container ${c.name}: ${probe} port '${port}' is not one of its ports`);
      }
    }
  }
  return problems;
}

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.error(`${file}: YAML error: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    const where = `${file}: ${obj.kind}/${obj.metadata?.name}`;
    let Model;
    try {
      Model = await modelFor(obj.apiVersion, obj.kind);
    } catch (e) {
      console.error(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      failures++;
      continue;
    }
    const problems = probePortProblems(obj);
    problems.forEach((p) => console.error(`${where}: ${p}`));
    failures += problems.length;
    checked++;
  }
}
console.log(`manifests: ${checked} objects valid, ${failures} problems`);
process.exit(failures === 0 ? 0 : 1);
