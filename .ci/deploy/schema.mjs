// Kubernetes objects (JSON list in argv[3]) against the API schemas, offline.
//  - kubernetes-models: the OpenAPI validation (types, required fields, enums, formats)
//  - @kubernetes/client-node's attribute type map: fields Kubernetes does not know (typos)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [nodeDir, file, label] = process.argv.slice(2);
const require = createRequire(nodeDir + "/package.json");
const models = await import(pathToFileURL(nodeDir + "/node_modules/@kubernetes/client-node/dist/gen/models/ObjectSerializer.js"));
const docs = JSON.parse(readFileSync(file, "utf8"));

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const dir = group ? `${group}/${version}` : version;
  const mod = require(`kubernetes-models/${dir}/${kind}`);
  return mod[kind];
}
function unknownFields(value, type, path, out) {
  if (value === null || value === undefined) return;
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) {
    if (!Array.isArray(value)) return out.push(`${path}: expected a list`);
    value.forEach((v, i) => unknownFields(v, m[1], `${path}[${i}]`, out));
    return;
  }
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    if (typeof value !== "object" || Array.isArray(value)) return out.push(`${path}: expected a map`);
    const quantity = /\.(limits|requests|hard|capacity)$/.test(path);
    for (const [k, v] of Object.entries(value)) {
      if (m[1] === "string" && quantity && typeof v === "number") continue;
      unknownFields(v, m[1], `${path}.${k}`, out);
    }
    return;
  }
  switch (type) {
    case "string": case "Date":
      if (typeof value !== "string") out.push(`${path}: expected a string, got ${typeof value} ${JSON.stringify(value)}`);
      return;
    case "number":
      if (typeof value !== "number") out.push(`${path}: expected a number, got ${typeof value}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") out.push(`${path}: expected a boolean, got ${typeof value}`);
      return;
    case "IntOrString":
      if (typeof value !== "number" && typeof value !== "string") out.push(`${path}: expected int or string`);
      return;
    case "any": case "object":
      return;
  }
  const cls = models[type];
  if (!cls || typeof cls.getAttributeTypeMap !== "function") return;
  if (typeof value !== "object" || Array.isArray(value)) return out.push(`${path}: expected an object (${type})`);
  const attrs = new Map(cls.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!attrs.has(k)) out.push(`${path}.${k}: unknown field (${type})`);
    else unknownFields(v, attrs.get(k), `${path}.${k}`, out);
  }
}

let bad = 0;
for (const d of docs) {
  const id = `${d.kind}/${d.metadata?.name}`;
  const problems = [];
  let M;
  try { M = modelFor(d.apiVersion, d.kind); } catch { problems.push(`unknown apiVersion/kind ${d.apiVersion} ${d.kind}`); }
  if (M) {
    try { new M(d).validate(); } catch (e) { problems.push(...String(e.message).split(/,\s*(?=data)/)); }
  }
  const version = d.apiVersion.split("/").pop();
  const cls = version[0].toUpperCase() + version.slice(1) + d.kind;
  if (models[cls]) unknownFields(d, cls, d.kind, problems);
  else problems.push(`no client type ${cls}`);
  if (problems.length) {
    bad++;
    console.log(`FAIL  k8s schema (${label}): ${id}`);
    for (const p of problems) console.log(`      - ${p}`);
  }
}
if (!bad) console.log(`PASS  k8s schema (${label}): ${docs.length} objects valid (${docs.map((d) => d.kind).join(", ")})`);
