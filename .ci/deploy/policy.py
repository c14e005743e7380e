"""The rules deploy/ must follow, beyond what the linters and schemas check.

Each rule is a function from parsed inputs (texts, YAML documents, file lists) to a Check, so
test_policy.py can feed it small examples. The *_checks generators read deploy/ and run the
rules in order; main() is the command line that .ci/check-deploy calls, printing one
PASS/FAIL line per rule with the problems indented under a FAIL.
"""
import glob
import io
import json
import os
import re
import shlex
import sys

import yaml


class Check:
    """One rule's verdict: it passes when no requirement recorded a problem."""

    def __init__(self, name):
        self.name, self.problems, self.detail = name, [], ""

    def req(self, cond, msg):
        if not cond:
            self.problems.append(msg)
        return bool(cond)

    @property
    def passed(self):
        return not self.problems

    def report(self):
        if self.problems:
            return "\n".join(["FAIL  " + self.name] + ["      - " + p for p in self.problems])
        return "PASS  " + self.name + (f" ({self.detail})" if self.detail else "")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_if_file(path):
    return read(path) if os.path.isfile(path) else None


def named(text, source):
    """text as a stream, so that YAML errors name its file (a str reads "<unicode string>")."""
    stream = io.StringIO(text)
    stream.name = source
    return stream


def load_all(text, source="<string>"):
    return [d for d in yaml.safe_load_all(named(text, source)) if d is not None]


# ============================== Dockerfile ==================================================
DOCKERFILE_BUILD = "Dockerfile: build rules (stages, restore layer, publish, non-root, port, entrypoint)"
DOCKERFILE_COPY = "Dockerfile: COPY sources exist in the build context and pass .dockerignore"
DOCKERIGNORE = "Dockerfile.dockerignore: drops bin/obj/.git/TestResults/bench output, keeps sources and seeds"


def dockerfile_instructions(text):
    """[(lineno, INSTRUCTION, args)] with continuations joined and comments dropped."""
    out, buf, start = [], "", 0
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not buf and (not s or s.startswith("#")):
            continue
        if buf and s.startswith("#"):
            continue
        if not buf:
            start = n
        if s.endswith("\\"):
            buf += s[:-1] + " "
            continue
        buf += s
        parts = buf.split(None, 1)
        out.append((start, parts[0].upper(), parts[1] if len(parts) > 1 else ""))
        buf = ""
    return out


def dockerfile_substituter(ins):
    """Expands the ARGs declared before the first FROM (the ones a FROM line can use)."""
    args = {}
    for _, i, a in ins:
        if i == "FROM":
            break
        if i == "ARG" and "=" in a:
            k, v = a.split("=", 1)
            args[k.strip()] = v.strip().strip('"')
    return lambda s: re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), s)


def dockerignore_patterns(text):
    return [p.strip() for p in (text or "").splitlines() if p.strip() and not p.strip().startswith("#")]


def dockerignore_excluded(patterns, path):
    """Docker's rules: the last matching pattern wins; a match on a parent dir excludes."""
    def rx(p):
        p = p.strip("/")
        r, i = "", 0
        while i < len(p):
            if p.startswith("**/", i):
                r += "(?:.*/)?"
                i += 3
            elif p.startswith("**", i):
                r += ".*"
                i += 2
            elif p[i] == "*":
                r += "[^/]*"
                i += 1
            elif p[i] == "?":
                r += "[^/]"
                i += 1
            else:
                r += re.escape(p[i])
                i += 1
        return re.compile(r + "$")
    parts = path.split("/")
    prefixes = ["/".join(parts[:k]) for k in range(1, len(parts) + 1)]
    excluded = False
    for pat in patterns:
        neg = pat.startswith("!")
        r = rx(pat[1:] if neg else pat)
        if any(r.match(p) for p in prefixes):
            excluded = not neg
    return excluded


def dockerfile_build(text):
    """The image: SDK build stage restoring before COPY . ., a Release publish, and a non-root
    aspnet final stage on port 8080 with an exec-form entrypoint."""
    c = Check(DOCKERFILE_BUILD)
    if not c.req(text is not None, "deploy/Dockerfile missing"):
        return c
    ins = dockerfile_instructions(text)
    subst = dockerfile_substituter(ins)
    froms = [k for k, (_, i, _) in enumerate(ins) if i == "FROM"]
    c.req(len(froms) >= 2, "not multi-stage (fewer than two FROM)")
    stages = []  # (name, image, [instructions])
    for idx, k in enumerate(froms):
        a = [x for x in subst(ins[k][2]).split() if not x.startswith("--")]
        name = a[2] if len(a) >= 3 and a[1].lower() == "as" else str(idx)
        end = froms[idx + 1] if idx + 1 < len(froms) else len(ins)
        stages.append((name, a[0] if a else "", ins[k + 1:end]))
    if not stages:
        return c
    bname, bimg, bins = stages[0]
    _, fimg, fins = stages[-1]
    c.req(re.fullmatch(r"mcr\.microsoft\.com/dotnet/sdk:10\.0[\w.-]*", bimg), f"first stage is not mcr.microsoft.com/dotnet/sdk:10.0 ({bimg})")
    c.req(re.fullmatch(r"mcr\.microsoft\.com/dotnet/aspnet:10\.0", fimg), f"final stage is not mcr.microsoft.com/dotnet/aspnet:10.0 ({fimg})")

    def pos(seq, pred):
        return next((k for k, x in enumerate(seq) if pred(x)), None)
    restore = pos(bins, lambda x: x[1] == "RUN" and "dotnet restore" in x[2])
    copy_all = pos(bins, lambda x: x[1] == "COPY" and re.fullmatch(r"(--\S+\s+)*\.\s+\.?/?", x[2].strip()) is not None)
    publish = pos(bins, lambda x: x[1] == "RUN" and "dotnet publish" in x[2])
    if c.req(restore is not None, "no RUN dotnet restore in the build stage") and c.req(copy_all is not None, "no COPY . . in the build stage"):
        c.req(restore < copy_all, "dotnet restore must run before COPY . . (layer caching)")
        before = " ".join(x[2] for x in bins[:restore] if x[1] == "COPY")
        for f in ("Indicators.Api/Indicators.Api.csproj", "Directory.Packages.props", "Directory.Build.props", "global.json"):
            c.req(f in before or os.path.basename(f) in before, f"{f} not copied before the restore")
    if c.req(publish is not None, "no RUN dotnet publish in the build stage"):
        p = bins[publish][2]
        for flag in ("-c Release", "-o /app", "--no-restore", "UseAppHost=false"):
            c.req(flag in p, f"dotnet publish lacks {flag}")
        if copy_all is not None:
            c.req(copy_all < publish, "publish runs before COPY . .")
    c.req(any(x[1] == "COPY" and f"--from={bname}" in x[2] for x in fins), f"final stage does not COPY --from={bname}")
    users = [x[2].strip() for x in fins if x[1] == "USER"]
    if c.req(users, "final stage has no USER (would run as root)"):
        u = users[-1].split(":")[0]
        c.req(u not in ("root", "0") and not u.startswith("0"), f"final USER is root ({users[-1]})")
    c.req(any(x[1] == "EXPOSE" and "8080" in x[2].split() for x in fins), "no EXPOSE 8080 in the final stage")
    ep = [x[2] for x in fins if x[1] == "ENTRYPOINT"]
    if c.req(ep, "no ENTRYPOINT in the final stage"):
        try:
            c.req(json.loads(ep[-1]) == ["dotnet", "Indicators.Api.dll"], f"ENTRYPOINT is {ep[-1]}, want [\"dotnet\", \"Indicators.Api.dll\"]")
        except ValueError:
            c.req(False, "ENTRYPOINT is not in exec (JSON) form")
    c.req(any(x[1] == "RUN" and "/app/data" in x[2] for x in fins), "final stage does not prepare a writable /app/data")
    for n, i, a in ins:
        if i == "HEALTHCHECK":
            c.req(not re.search(r"\b(curl|wget)\b", a), f"line {n}: HEALTHCHECK uses curl/wget, absent from the aspnet image")
        if i == "ENV":
            c.req(not re.search(r"GLOBALIZATION_INVARIANT\s*=\s*(1|true)", a, re.I), f"line {n}: globalization invariant mode (Vietnamese text needs ICU)")
    c.detail = f"{len(stages)} stages: {bimg} -> {fimg}"
    return c


def dockerfile_copy_sources(text, ignore_text, matches):
    """Every COPY/ADD source of the build context (the repo root) exists and survives the
    .dockerignore. matches(pattern) lists the repo-relative paths a source names."""
    c = Check(DOCKERFILE_COPY)
    c.req(ignore_text is not None, "deploy/Dockerfile.dockerignore missing")
    patterns = dockerignore_patterns(ignore_text)
    ins = dockerfile_instructions(text)
    subst = dockerfile_substituter(ins)
    for n, i, a in ins:
        if i not in ("COPY", "ADD") or "--from=" in a:
            continue
        srcs = [s for s in shlex.split(subst(a)) if not s.startswith("--")][:-1]
        if srcs == ["."]:
            continue
        found_any = False
        for s in srcs:
            hits = matches(s)
            if any(ch in s for ch in "*?["):
                found_any |= bool(hits)
                continue
            if c.req(hits, f"line {n}: {s} does not exist in the repo root"):
                found_any = True
                c.req(not dockerignore_excluded(patterns, s), f"line {n}: {s} is excluded by the .dockerignore")
        c.req(found_any or not srcs, f"line {n}: no source of COPY {a} exists")
    return c


def dockerignore_effect(ignore_text, repo_files):
    """The .dockerignore drops build output, VCS and test results, and keeps what the image is
    built from: the API's sources, the seeds, the props files. repo_files: repo-relative paths."""
    c = Check(DOCKERIGNORE)
    patterns = dockerignore_patterns(ignore_text)
    if not c.req(patterns, "no patterns"):
        return c
    for p in ("Indicators.Api/bin/Debug/x.dll", "Indicators.Api/obj/project.assets.json", ".git/HEAD",
              "Indicators.Tests/TestResults/r.trx", "TestResults/r.trx", "bench/out/report.json"):
        c.req(dockerignore_excluded(patterns, p), f"{p} is not excluded")
    keep = ["Indicators.Api/Program.cs", "Directory.Build.props", "Directory.Packages.props", "global.json"]
    for f in repo_files:
        dirs = f.split("/")[:-1]
        if ("seeds" in dirs or dirs[:1] == ["Indicators.Api"]) and not f.endswith((".db", ".db-wal", ".db-shm", ".user")):
            keep.append(f)
    dropped = sorted({k for k in keep if dockerignore_excluded(patterns, k)})
    c.req(not dropped, "needed files excluded: " + ", ".join(dropped[:10]))
    return c


def repo_files(root):
    """The repo's files (relative, '/'-separated), without VCS, build output and packages."""
    out = []
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", "bin", "obj", "node_modules", "TestResults")]
        rel = os.path.relpath(dirpath, root)
        out += [os.path.normpath(os.path.join(rel, f)).replace(os.sep, "/") for f in files]
    return out


def dockerfile_checks(root):
    deploy = os.path.join(root, "deploy")
    text = read_if_file(os.path.join(deploy, "Dockerfile"))
    yield dockerfile_build(text)
    if text is None:
        return
    ignore_text = read_if_file(os.path.join(deploy, "Dockerfile.dockerignore"))
    yield dockerfile_copy_sources(text, ignore_text,
                                  lambda s: [os.path.relpath(h, root) for h in glob.glob(os.path.join(root, s))])
    yield dockerignore_effect(ignore_text, repo_files(root))


# ============================== docker-compose ==============================================
COMPOSE_STACK = "docker-compose.yml: stack rules (sqlserver, db-init, api)"


def env_dict(env):
    return dict(e.split("=", 1) for e in env) if isinstance(env, list) else env or {}


def compose_stack(raw, source="deploy/docker-compose.yml"):
    """One host's stack: a pinned SQL Server with a healthcheck, a one-shot db-init that creates
    the database, and the API built from the repo root, migrating on start."""
    c = Check(COMPOSE_STACK)
    if not c.req(raw is not None, "deploy/docker-compose.yml missing"):
        return c
    d = yaml.safe_load(named(raw, source)) or {}
    c.req("version" not in d, "obsolete top-level `version:`")
    if "name" in d:
        c.req(isinstance(d["name"], str) and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", d["name"]), f"invalid project name {d['name']!r}")
    sv = d.get("services") or {}
    for s in ("sqlserver", "db-init", "api"):
        c.req(s in sv, f"service {s} missing")
    if c.passed:
        compose_services(c, raw, d, sv["sqlserver"], sv["db-init"], sv["api"])
    head = "\n".join(line for line in raw.splitlines() if line.startswith("#"))
    c.req(re.search(r"run --rm api org-units add --code \S+ --kind province", head), "top comments lack the `run --rm api org-units add ...` line")
    c.req(re.search(r"(run --rm api|exec api dotnet Indicators\.Api\.dll) keys create --org-unit \S+ --role admin --name \S+", head), "top comments lack the `... keys create --org-unit TQ --role admin --name ops` line")
    return c


def compose_services(c, raw, d, sq, di, api):
    img = sq.get("image", "")
    c.req(re.fullmatch(r"mcr\.microsoft\.com/mssql/server:2022-CU\d+(-(ubuntu|rhel)-[\d.]+)?", img), f"sqlserver image not a pinned 2022 CU tag: {img}")
    env = env_dict(sq.get("environment"))
    c.req(str(env.get("ACCEPT_EULA")) == "Y", "sqlserver: ACCEPT_EULA must be \"Y\"")
    c.req(re.search(r"MSSQL_SA_PASSWORD:\s*\$\{MSSQL_SA_PASSWORD", raw), "sqlserver: MSSQL_SA_PASSWORD must come from ${MSSQL_SA_PASSWORD...}")
    c.req(re.search(r"LOCAL (USE )?ONLY", raw), "the default sa password is not marked LOCAL USE ONLY")
    c.req(any(str(v).startswith("mssql-data:/var/opt/mssql") for v in sq.get("volumes") or []), "sqlserver: named volume mssql-data:/var/opt/mssql missing")
    c.req("mssql-data" in (d.get("volumes") or {}), "top-level volumes lacks mssql-data")
    hc = " ".join(map(str, (sq.get("healthcheck") or {}).get("test") or []))
    for frag in ("/opt/mssql-tools18/bin/sqlcmd", " -C", "$$MSSQL_SA_PASSWORD", "SELECT 1"):
        c.req(frag in hc, f"sqlserver healthcheck lacks {frag!r}")

    dep = di.get("depends_on") or {}
    c.req(isinstance(dep, dict) and (dep.get("sqlserver") or {}).get("condition") == "service_healthy", "db-init must depend on sqlserver: service_healthy")

    def words(v):
        return " ".join(map(str, v if isinstance(v, list) else [v or ""]))
    cmd = words(di.get("entrypoint") or []) + " " + words(di.get("command"))
    for frag in ("sqlcmd", " -C", "-S sqlserver", "CREATE DATABASE", "Indicators"):
        c.req(frag in cmd, f"db-init command lacks {frag!r}")
    c.req(re.search(r"DB_ID\(N?'Indicators'\)\s+IS\s+NULL", cmd, re.I), "db-init must create the database only if missing (IF DB_ID(N'Indicators') IS NULL)")
    c.req(str(di.get("restart", "no")) == "no", "db-init is one-shot: restart must be \"no\"")

    b = api.get("build") or {}
    # The file lives in deploy/: a context of ".." is the repo root.
    c.req(isinstance(b, dict) and os.path.normpath(os.path.join("deploy", b.get("context", "."))) == ".", "api build context must be the repo root (..)")
    c.req(isinstance(b, dict) and b.get("dockerfile") == "deploy/Dockerfile", "api build dockerfile must be deploy/Dockerfile")
    dep = api.get("depends_on") or {}
    c.req(isinstance(dep, dict) and (dep.get("sqlserver") or {}).get("condition") == "service_healthy", "api must depend on sqlserver: service_healthy")
    c.req(isinstance(dep, dict) and (dep.get("db-init") or {}).get("condition") == "service_completed_successfully", "api must depend on db-init: service_completed_successfully")
    env = env_dict(api.get("environment"))
    for k, v in env.items():
        c.req(isinstance(v, str), f"api environment {k} is {type(v).__name__}, quote it")
    c.req(env.get("Database__Provider") == "SqlServer", "api: Database__Provider must be SqlServer")
    c.req(str(env.get("Database__MigrateOnStartup")).lower() == "true", "api: Database__MigrateOnStartup must be \"true\"")
    cs = str(env.get("ConnectionStrings__Indicators", ""))
    for frag in ("Server=sqlserver", "Database=Indicators", "${MSSQL_SA_PASSWORD"):
        c.req(frag in cs, f"api ConnectionStrings__Indicators lacks {frag!r}")
    c.req("8080:8080" in [str(p) for p in api.get("ports") or []], "api must publish 8080:8080")
    c.req(api.get("restart") == "unless-stopped", "api restart must be unless-stopped")
    ahc = " ".join(map(str, (api.get("healthcheck") or {}).get("test") or []))
    if ahc:
        c.req(not re.search(r"\b(curl|wget)\b", ahc), "api healthcheck uses curl/wget, absent from the image")


def compose_v1(raw, source="deploy/docker-compose.yml"):
    """The file as Debian's docker-compose (v1) can validate it: without the top-level `name:`,
    a Compose v2 key that compose_stack checks instead."""
    try:
        d = yaml.safe_load(named(raw, source))
    except yaml.YAMLError as e:
        raise ValueError("YAML does not parse: " + str(e).replace("\n", " ")) from e
    if not isinstance(d, dict):
        raise ValueError("not a mapping")
    d.pop("name", None)
    return yaml.safe_dump(d, sort_keys=False)


def compose_checks(root):
    yield compose_stack(read_if_file(os.path.join(root, "deploy", "docker-compose.yml")))


# ============================== Kubernetes ==================================================
KUSTOMIZATION = "k8s: kustomization.yaml lists every manifest, not secret.example.yaml"
SECRET_EXAMPLE = "k8s: secret.example.yaml (Secret indicators-db/connectionString, placeholder only)"
K8S_KINDS = "k8s: kinds, apiVersions, namespace"
K8S_DEPLOYMENT = "k8s: Deployment (replicas, port, probes, resources, security, config, secret, anti-affinity)"
K8S_SERVICE = "k8s: Service (ClusterIP 80 -> http, selects the API pods and not the Job)"
K8S_HPA = "k8s: HorizontalPodAutoscaler (v2, 2..10, CPU 70%)"
K8S_PDB = "k8s: PodDisruptionBudget (policy/v1, minAvailable 1, selects the API pods only)"
K8S_CONFIGMAP = "k8s: ConfigMap (SqlServer, migrations by the Job, no seeding, Swagger, forwarded headers)"
K8S_JOB = "k8s: migrate Job (dotnet Indicators.Api.dll migrate, same config and secret)"
READMES = "READMEs: deploy/README.md and deploy/k8s/README.md carry the commands and notes"

KINDS = {"Namespace": "v1", "ConfigMap": "v1", "Deployment": "apps/v1", "Service": "v1",
         "HorizontalPodAutoscaler": "autoscaling/v2", "PodDisruptionBudget": "policy/v1", "Job": "batch/v1"}


def image_name(ref):
    """The image reference without its :tag or @digest (a registry host may carry a :port)."""
    ref = ref.split("@", 1)[0]
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    return ref[:colon] if colon > slash else ref


def labels_match(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def kustomization(text, entries, source="deploy/k8s/kustomization.yaml"):
    """entries: the paths under deploy/k8s, relative to it."""
    c = Check(KUSTOMIZATION)
    k = yaml.safe_load(named(text, source)) or {}
    res = k.get("resources") or []
    c.req(k.get("namespace") == "indicators", f"namespace {k.get('namespace')}")
    for r in res:
        c.req(os.path.normpath(r) in entries, f"resource {r} does not exist")
    c.req("secret.example.yaml" not in res, "secret.example.yaml must not be a resource")
    for f in sorted(e for e in entries if "/" not in e):
        if f.endswith((".yaml", ".yml")) and f not in ("kustomization.yaml", "secret.example.yaml"):
            c.req(f in res, f"{f} is not listed in resources")
    c.req(k.get("images"), "no images: entry to set the image")
    c.detail = f"{len(res)} resources"
    return c


def secret_example(docs):
    """docs: the YAML documents of secret.example.yaml, None when it is missing."""
    c = Check(SECRET_EXAMPLE)
    if not c.req(docs is not None, "missing"):
        return c
    if c.req(len(docs) == 1 and docs[0].get("kind") == "Secret" and docs[0].get("apiVersion") == "v1", "not one v1 Secret"):
        s = docs[0]
        c.req(s["metadata"].get("name") == "indicators-db", "name is not indicators-db")
        cs = str((s.get("stringData") or {}).get("connectionString", ""))
        c.req("Database=Indicators" in cs, "stringData.connectionString lacks Database=Indicators")
        c.req(re.search(r"CHANGE-?ME|\.\.\.|<[^>]+>", cs, re.I), "connectionString does not look like a placeholder")
    return c


def k8s_entries(k8s_dir):
    out = set()
    for dirpath, dirs, files in os.walk(k8s_dir):
        rel = os.path.relpath(dirpath, k8s_dir)
        out |= {os.path.normpath(os.path.join(rel, n)).replace(os.sep, "/") for n in dirs + files}
    return out


def kustomization_checks(root):
    k8s = os.path.join(root, "deploy", "k8s")
    yield kustomization(read(os.path.join(k8s, "kustomization.yaml")), k8s_entries(k8s))
    secret = read_if_file(os.path.join(k8s, "secret.example.yaml"))
    yield secret_example(None if secret is None else load_all(secret, "deploy/k8s/secret.example.yaml"))


def k8s_kinds(docs):
    """Exactly one of each kind the service needs, at the expected apiVersion, all in the
    indicators namespace, and no Secret."""
    by = by_kind(docs)
    c = Check(K8S_KINDS)
    for kind, api in KINDS.items():
        if c.req(len(by.get(kind, [])) == 1, f"expected exactly one {kind}, found {len(by.get(kind, []))}"):
            c.req(by[kind][0].get("apiVersion") == api, f"{kind} apiVersion {by[kind][0].get('apiVersion')}, want {api}")
    c.req("Secret" not in by, "a Secret is rendered: keep credentials out of the kustomization")
    for d in docs:
        md = d.get("metadata") or {}
        if d.get("kind") == "Namespace":
            c.req(md.get("name") == "indicators", f"Namespace is {md.get('name')}")
        else:
            c.req(md.get("namespace") == "indicators", f"{d.get('kind')}/{md.get('name')} not in namespace indicators")
    c.detail = f"{len(docs)} objects"
    return c


def by_kind(docs):
    by = {}
    for d in docs:
        by.setdefault(d.get("kind"), []).append(d)
    return by


class Rendered:
    """The kustomize output's objects that the rules relate to each other."""

    def __init__(self, docs):
        by = by_kind(docs)
        self.dep, self.svc, self.hpa, self.pdb, self.job, self.cm = (
            by[k][0] for k in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job", "ConfigMap"))
        self.cm_names = {x["metadata"]["name"] for x in by["ConfigMap"]}
        self.dep_pod = self.dep["spec"]["template"]
        self.dep_labels = (self.dep_pod.get("metadata") or {}).get("labels") or {}
        self.job_labels = ((self.job["spec"]["template"].get("metadata") or {}).get("labels")) or {}
        self.api = ((self.dep_pod.get("spec") or {}).get("containers") or [None])[0]


def pod_rules(c, pod, what, cm_names):
    """Hardening, config and secret wiring shared by the API pods and the migrate Job's pod.
    Returns the first container, None when there is none."""
    ps = pod.get("spec") or {}
    psc = ps.get("securityContext") or {}
    ctrs = ps.get("containers") or []
    if not c.req(len(ctrs) >= 1, f"{what}: no containers"):
        return None
    ct = ctrs[0]
    sc = ct.get("securityContext") or {}
    c.req(sc.get("runAsNonRoot") is True or psc.get("runAsNonRoot") is True, f"{what}: runAsNonRoot not true")
    c.req(sc.get("readOnlyRootFilesystem") is True, f"{what}: readOnlyRootFilesystem not true")
    c.req(sc.get("allowPrivilegeEscalation") is False, f"{what}: allowPrivilegeEscalation not false")
    c.req("ALL" in ((sc.get("capabilities") or {}).get("drop") or []), f"{what}: capabilities.drop lacks ALL")
    uid = sc.get("runAsUser", psc.get("runAsUser"))
    c.req(uid is None or uid != 0, f"{what}: runAsUser 0")
    vols = {v["name"]: v for v in ps.get("volumes") or []}
    mounts = {m["mountPath"]: m["name"] for m in ct.get("volumeMounts") or []}
    for name in mounts.values():
        c.req(name in vols, f"{what}: volumeMount {name} has no volume")
    c.req("/tmp" in mounts and "emptyDir" in vols.get(mounts.get("/tmp"), {}), f"{what}: no emptyDir at /tmp")
    ef = [e.get("configMapRef", {}).get("name") for e in ct.get("envFrom") or []]
    c.req(any(n in cm_names for n in ef), f"{what}: envFrom lacks a ConfigMap of this kustomization (has {ef})")
    env = {e["name"]: e for e in ct.get("env") or []}
    ref = ((env.get("ConnectionStrings__Indicators") or {}).get("valueFrom") or {}).get("secretKeyRef") or {}
    c.req(ref.get("name") == "indicators-db" and ref.get("key") == "connectionString",
          f"{what}: ConnectionStrings__Indicators must come from secretKeyRef indicators-db/connectionString")
    img = ct.get("image", "")
    c.req(img and image_name(img) != "indicators-api" and (img != image_name(img)), f"{what}: image {img!r} not set by kustomize images (registry/name:tag)")
    c.req(not img.endswith(":latest"), f"{what}: image tag latest")
    return ct


def k8s_deployment(r):
    c = Check(K8S_DEPLOYMENT)
    spec = r.dep["spec"]
    c.req(isinstance(spec.get("replicas"), int) and spec["replicas"] >= 2, f"replicas {spec.get('replicas')!r}: want an integer >= 2")
    c.req(labels_match((spec.get("selector") or {}).get("matchLabels"), r.dep_labels), "selector does not match the pod template labels")
    ct = pod_rules(c, r.dep_pod, "api", r.cm_names)
    if ct:
        ports = {p.get("name"): p for p in ct.get("ports") or []}
        c.req((ports.get("http") or {}).get("containerPort") == 8080, "no containerPort 8080 named http")
        for name, path in (("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live")):
            g = (ct.get(name) or {}).get("httpGet") or {}
            if c.req(g, f"{name} missing or not httpGet"):
                c.req(g.get("path") == path, f"{name} path {g.get('path')}, want {path}")
                c.req(g.get("port") in ("http", 8080), f"{name} port {g.get('port')}")
        c.req(ct.get("startupProbe"), "startupProbe missing")
        res = ct.get("resources") or {}
        for sect, key, want in (("requests", "cpu", "250m"), ("requests", "memory", "256Mi"),
                                ("limits", "cpu", "1"), ("limits", "memory", "512Mi")):
            got = str((res.get(sect) or {}).get(key))
            c.req(got in (want, "1000m") if want == "1" else got == want, f"resources.{sect}.{key} is {got}, want {want}")
    aff = (((r.dep_pod.get("spec") or {}).get("affinity") or {}).get("podAntiAffinity") or {})
    terms = [t.get("podAffinityTerm", t) for t in (aff.get("preferredDuringSchedulingIgnoredDuringExecution") or [])
             + (aff.get("requiredDuringSchedulingIgnoredDuringExecution") or [])]
    c.req(any(t.get("topologyKey") == "kubernetes.io/hostname" and labels_match((t.get("labelSelector") or {}).get("matchLabels"), r.dep_labels) for t in terms),
          "no pod anti-affinity across nodes (topologyKey kubernetes.io/hostname) selecting the API pods")
    for t in (r.dep_pod.get("spec") or {}).get("topologySpreadConstraints") or []:
        c.req(labels_match((t.get("labelSelector") or {}).get("matchLabels"), r.dep_labels), "topologySpreadConstraint does not select the API pods")
    return c


def k8s_service(r):
    c = Check(K8S_SERVICE)
    s = r.svc["spec"]
    c.req(s.get("type", "ClusterIP") == "ClusterIP", f"type {s.get('type')}")
    c.req(any(p.get("port") == 80 and p.get("targetPort") in ("http", 8080) for p in s.get("ports") or []), "no port 80 -> targetPort http")
    c.req(labels_match(s.get("selector"), r.dep_labels), "selector does not match the Deployment's pods")
    c.req(not labels_match(s.get("selector"), r.job_labels), "selector also matches the migrate Job's pod")
    return c


def k8s_hpa(r):
    c = Check(K8S_HPA)
    h = r.hpa["spec"]
    ref = h.get("scaleTargetRef") or {}
    c.req(ref.get("kind") == "Deployment" and ref.get("name") == r.dep["metadata"]["name"], f"scaleTargetRef {ref} is not the Deployment")
    c.req(h.get("minReplicas") == 2 and h.get("maxReplicas") == 10, f"replicas {h.get('minReplicas')}..{h.get('maxReplicas')}, want 2..10")
    cpu = [m for m in h.get("metrics") or [] if m.get("type") == "Resource" and (m.get("resource") or {}).get("name") == "cpu"]
    c.req(cpu and (cpu[0]["resource"].get("target") or {}).get("averageUtilization") == 70, "no CPU Utilization target of 70")
    return c


def k8s_pdb(r):
    c = Check(K8S_PDB)
    p = r.pdb["spec"]
    c.req(p.get("minAvailable") == 1, f"minAvailable {p.get('minAvailable')}")
    sel = (p.get("selector") or {}).get("matchLabels")
    c.req(labels_match(sel, r.dep_labels), "selector does not match the Deployment's pods")
    c.req(not labels_match(sel, r.job_labels), "selector also matches the migrate Job's pod")
    return c


def k8s_configmap(r):
    c = Check(K8S_CONFIGMAP)
    data = r.cm.get("data") or {}
    for k, v in data.items():
        c.req(isinstance(v, str), f"{k} is {type(v).__name__}, quote it")
    for k, v in {"Database__Provider": "SqlServer", "Database__MigrateOnStartup": "false", "Seed__OnStartup": "false",
                 "Swagger__Enabled": "true", "ASPNETCORE_FORWARDEDHEADERS_ENABLED": "true"}.items():
        c.req(data.get(k) == v, f"{k} is {data.get(k)!r}, want {v!r}")
    c.req(not any("password" in str(v).lower() for v in data.values()), "a password in the ConfigMap")
    dep_env = [e.get("configMapRef", {}).get("name") for e in (r.api or {}).get("envFrom") or []]
    c.req(r.cm["metadata"]["name"] in dep_env, "the Deployment does not use this ConfigMap")
    return c


def k8s_job(r):
    c = Check(K8S_JOB)
    jct = pod_rules(c, r.job["spec"]["template"], "migrate", r.cm_names)
    if jct:
        cmd = (jct.get("command") or ["dotnet", "Indicators.Api.dll"]) + (jct.get("args") or [])
        c.req(cmd == ["dotnet", "Indicators.Api.dll", "migrate"], f"runs {cmd}, want dotnet Indicators.Api.dll migrate")
        c.req(jct.get("image") == (r.api or {}).get("image"), "image differs from the Deployment's")

        def config_maps(ct):
            return [e.get("configMapRef", {}).get("name") for e in ct.get("envFrom") or []]
        c.req(config_maps(jct) == config_maps(r.api or {}), "envFrom differs from the Deployment's")
    c.req(r.job["spec"]["template"].get("spec", {}).get("restartPolicy") in ("Never", "OnFailure"), "restartPolicy must be Never or OnFailure")
    return c


def rendered_checks(docs):
    """The rules on `kubectl kustomize deploy/k8s`'s objects. The ones relating objects to each
    other need every kind exactly once, so they are skipped when k8s_kinds already fails that."""
    kinds = k8s_kinds(docs)
    yield kinds
    by = by_kind(docs)
    if not kinds.passed and not all(len(by.get(k, [])) == 1 for k in KINDS):
        return
    r = Rendered(docs)
    for rule in (k8s_deployment, k8s_service, k8s_hpa, k8s_pdb, k8s_configmap, k8s_job):
        yield rule(r)


def rendered_file_checks(path):
    yield from rendered_checks(load_all(read(path), "kubectl kustomize deploy/k8s"))


def readmes(top, k8s):
    """top, k8s: the texts of deploy/README.md and deploy/k8s/README.md, None when missing."""
    c = Check(READMES)
    if c.req(top is not None, "deploy/README.md missing") and c.req(k8s is not None, "deploy/k8s/README.md missing"):
        for frag in ("docker compose -f deploy/docker-compose.yml", "kubectl apply -k deploy/k8s", "db_ddladmin", "db_datareader",
                     "db_datawriter", "EXECUTE", "READ_COMMITTED_SNAPSHOT", "ApplicationIntent=ReadOnly", "Always On", "Idempotency"):
            c.req(frag in top, f"deploy/README.md lacks {frag!r}")
        for frag in ("create secret generic indicators-db", "--from-literal=connectionString=", "kubectl apply -k deploy/k8s"):
            c.req(frag in k8s, f"deploy/k8s/README.md lacks {frag!r}")
    return c


def readme_checks(root):
    yield readmes(read_if_file(os.path.join(root, "deploy", "README.md")),
                  read_if_file(os.path.join(root, "deploy", "k8s", "README.md")))


# ============================== command line ================================================
def emit(root, name, checks):
    """Prints each check; a file that breaks a rule's assumptions fails with one readable reason."""
    try:
        for c in checks:
            print(c.report())
    except yaml.YAMLError as e:
        print(f"FAIL  {name}: YAML does not parse")
        print("      " + str(e).replace(root + "/", "").replace("\n", "\n      "))
    except Exception as e:  # noqa: BLE001 - report, don't crash
        print(f"FAIL  {name}: unexpected shape ({type(e).__name__}: {e})")


USAGE = """usage: policy.py ROOT dockerfile | compose | k8s RENDERED.yaml
       policy.py ROOT compose-v1 IN.yml OUT.yml | tojson IN.yaml OUT.json"""


def main(argv):
    if len(argv) < 2:
        sys.exit(USAGE)
    root, mode, rest = os.path.abspath(argv[0]), argv[1], argv[2:]
    if mode == "dockerfile":
        emit(root, "Dockerfile: build rules", dockerfile_checks(root))
    elif mode == "compose":
        emit(root, "docker-compose.yml: stack rules", compose_checks(root))
    elif mode == "k8s" and len(rest) == 1:
        emit(root, "k8s: kustomization.yaml / secret.example.yaml", kustomization_checks(root))
        emit(root, "k8s: rendered objects", rendered_file_checks(rest[0]))
        emit(root, "READMEs", readme_checks(root))
    elif mode == "compose-v1" and len(rest) == 2:
        try:
            out = compose_v1(read(rest[0]))
        except ValueError as e:
            sys.exit(str(e))
        with open(rest[1], "w", encoding="utf-8") as f:
            f.write(out)
    elif mode == "tojson" and len(rest) == 2:
        docs = load_all(read(rest[0]), rest[0])
        with open(rest[1], "w", encoding="utf-8") as f:
            json.dump(docs, f)
    else:
        sys.exit(USAGE)


if __name__ == "__main__":
    main(sys.argv[1:])
