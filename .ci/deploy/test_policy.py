"""Unit tests of policy.py: each rule passes a small good input and fails a broken one with its
message; and the repo's deploy/ passes every rule.

    /usr/bin/python3 -m unittest discover -s .ci/deploy -v
"""
import contextlib
import copy
import fnmatch
import io
import os
import shutil
import subprocess
import tempfile
import textwrap
import unittest

import yaml

import policy

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class RuleTest(unittest.TestCase):
    def assertPasses(self, check):
        self.assertEqual(check.problems, [], check.report())
        self.assertTrue(check.report().startswith("PASS  " + check.name))

    def assertFailsWith(self, check, message):
        self.assertIn(message, check.problems, check.report())
        self.assertTrue(check.report().startswith("FAIL  " + check.name + "\n"))


# ============================== Dockerfile ==================================================
DOCKERFILE = textwrap.dedent("""\
    # syntax=docker/dockerfile:1
    ARG DOTNET_VERSION=10.0
    FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
    WORKDIR /src
    COPY global.json Directory.Build.props Directory.Packages.props NuGet.config* ./
    COPY Indicators.Api/Indicators.Api.csproj Indicators.Api/
    RUN dotnet restore Indicators.Api/Indicators.Api.csproj
    COPY . .
    RUN dotnet publish Indicators.Api/Indicators.Api.csproj \\
            -c Release -o /app --no-restore \\
            -p:UseAppHost=false

    FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS final
    WORKDIR /app
    ENV ASPNETCORE_HTTP_PORTS=8080
    COPY --from=build /app ./
    RUN mkdir -p /app/data && chown "$APP_UID" /app/data
    USER $APP_UID
    EXPOSE 8080
    ENTRYPOINT ["dotnet", "Indicators.Api.dll"]
    """)

DOCKERIGNORE = textwrap.dedent("""\
    # build output
    **/bin/
    **/obj/
    **/TestResults/
    .git/
    bench/out/
    Indicators.Tests/
    **/*.db
    """)

REPO_FILES = ["global.json", "Directory.Build.props", "Directory.Packages.props", "README.md",
              "Indicators.Api/Indicators.Api.csproj", "Indicators.Api/Program.cs",
              "Indicators.Api/Features/Values.cs", "seeds/indicators.csv", "Indicators.Tests/T.cs"]


def matches(pattern):
    """What glob would find in a repo holding REPO_FILES."""
    return [f for f in REPO_FILES if fnmatch.fnmatch(f, pattern) or f.startswith(pattern.rstrip("/") + "/")]


class DockerfileBuildTest(RuleTest):
    def broken(self, old, new):
        self.assertIn(old, DOCKERFILE)
        return policy.dockerfile_build(DOCKERFILE.replace(old, new))

    def test_good(self):
        c = policy.dockerfile_build(DOCKERFILE)
        self.assertPasses(c)
        self.assertEqual(c.detail, "2 stages: mcr.microsoft.com/dotnet/sdk:10.0 -> mcr.microsoft.com/dotnet/aspnet:10.0")

    def test_missing(self):
        self.assertFailsWith(policy.dockerfile_build(None), "deploy/Dockerfile missing")

    def test_single_stage(self):
        self.assertFailsWith(self.broken("FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS final\n", ""),
                             "not multi-stage (fewer than two FROM)")

    def test_base_images(self):
        self.assertFailsWith(self.broken("dotnet/sdk:${DOTNET_VERSION}", "dotnet/sdk:9.0"),
                             "first stage is not mcr.microsoft.com/dotnet/sdk:10.0 (mcr.microsoft.com/dotnet/sdk:9.0)")
        self.assertFailsWith(self.broken("aspnet:${DOTNET_VERSION}", "aspnet:10.0-alpine"),
                             "final stage is not mcr.microsoft.com/dotnet/aspnet:10.0 (mcr.microsoft.com/dotnet/aspnet:10.0-alpine)")

    def test_restore_before_copy_all(self):
        c = self.broken("RUN dotnet restore Indicators.Api/Indicators.Api.csproj\nCOPY . .\n",
                        "COPY . .\nRUN dotnet restore Indicators.Api/Indicators.Api.csproj\n")
        self.assertFailsWith(c, "dotnet restore must run before COPY . . (layer caching)")
        self.assertFailsWith(self.broken("RUN dotnet restore", "RUN echo"), "no RUN dotnet restore in the build stage")

    def test_restore_inputs_copied_first(self):
        self.assertFailsWith(self.broken("COPY Indicators.Api/Indicators.Api.csproj Indicators.Api/\n", ""),
                             "Indicators.Api/Indicators.Api.csproj not copied before the restore")

    def test_publish_flags(self):
        self.assertFailsWith(self.broken("--no-restore", ""), "dotnet publish lacks --no-restore")
        self.assertFailsWith(self.broken("-c Release", "-c Debug"), "dotnet publish lacks -c Release")

    def test_final_stage_copies_from_build(self):
        self.assertFailsWith(self.broken("COPY --from=build", "COPY --from=other"), "final stage does not COPY --from=build")

    def test_non_root(self):
        self.assertFailsWith(self.broken("USER $APP_UID", "USER root"), "final USER is root (root)")
        self.assertFailsWith(self.broken("USER $APP_UID", "USER 0:0"), "final USER is root (0:0)")
        self.assertFailsWith(self.broken("USER $APP_UID\n", ""), "final stage has no USER (would run as root)")

    def test_port(self):
        self.assertFailsWith(self.broken("EXPOSE 8080", "EXPOSE 80"), "no EXPOSE 8080 in the final stage")

    def test_entrypoint(self):
        self.assertFailsWith(self.broken('["dotnet", "Indicators.Api.dll"]', "dotnet Indicators.Api.dll"),
                             "ENTRYPOINT is not in exec (JSON) form")
        self.assertFailsWith(self.broken('"Indicators.Api.dll"]', '"Other.dll"]'),
                             'ENTRYPOINT is ["dotnet", "Other.dll"], want ["dotnet", "Indicators.Api.dll"]')

    def test_writable_data_dir(self):
        self.assertFailsWith(self.broken('RUN mkdir -p /app/data && chown "$APP_UID" /app/data\n', ""),
                             "final stage does not prepare a writable /app/data")

    def test_healthcheck_without_curl(self):
        self.assertFailsWith(self.broken("EXPOSE 8080\n", "EXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:8080/health/live\n"),
                             "line 20: HEALTHCHECK uses curl/wget, absent from the aspnet image")

    def test_globalization_on(self):
        self.assertFailsWith(self.broken("ENV ASPNETCORE_HTTP_PORTS=8080", "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"),
                             "line 15: globalization invariant mode (Vietnamese text needs ICU)")


class DockerfileCopySourcesTest(RuleTest):
    def test_good(self):
        self.assertPasses(policy.dockerfile_copy_sources(DOCKERFILE, DOCKERIGNORE, matches))

    def test_missing_source(self):
        c = policy.dockerfile_copy_sources(DOCKERFILE.replace("global.json ", "global.json missing.props "), DOCKERIGNORE, matches)
        self.assertFailsWith(c, "line 5: missing.props does not exist in the repo root")

    def test_source_dropped_by_dockerignore(self):
        c = policy.dockerfile_copy_sources(DOCKERFILE, DOCKERIGNORE + "Directory.Build.props\n", matches)
        self.assertFailsWith(c, "line 5: Directory.Build.props is excluded by the .dockerignore")

    def test_glob_matching_nothing(self):
        c = policy.dockerfile_copy_sources(DOCKERFILE.replace("COPY . .", "COPY *.lock ./"), DOCKERIGNORE, matches)
        self.assertFailsWith(c, "line 8: no source of COPY *.lock ./ exists")

    def test_missing_dockerignore(self):
        self.assertFailsWith(policy.dockerfile_copy_sources(DOCKERFILE, None, matches), "deploy/Dockerfile.dockerignore missing")


class DockerignoreTest(RuleTest):
    def test_matching(self):
        pats = ["**/bin/", "data/", "*.md", "!README.md", ".git"]
        self.assertTrue(policy.dockerignore_excluded(pats, "Indicators.Api/bin/Debug/x.dll"))
        self.assertTrue(policy.dockerignore_excluded(pats, "bin/x.dll"))
        self.assertTrue(policy.dockerignore_excluded(pats, ".git/HEAD"))
        self.assertTrue(policy.dockerignore_excluded(pats, "CHANGES.md"))
        self.assertFalse(policy.dockerignore_excluded(pats, "README.md"), "a later ! pattern re-includes")
        self.assertFalse(policy.dockerignore_excluded(pats, "seeds/data.csv"), "data/ is anchored at the root")
        self.assertFalse(policy.dockerignore_excluded(pats, "docs/a.md"), "* does not cross /")

    def test_good(self):
        self.assertPasses(policy.dockerignore_effect(DOCKERIGNORE, REPO_FILES))

    def test_build_output_kept(self):
        c = policy.dockerignore_effect(DOCKERIGNORE.replace("**/bin/\n", ""), REPO_FILES)
        self.assertFailsWith(c, "Indicators.Api/bin/Debug/x.dll is not excluded")

    def test_needed_file_dropped(self):
        c = policy.dockerignore_effect(DOCKERIGNORE + "seeds/\n*.props\n", REPO_FILES)
        self.assertFailsWith(c, "needed files excluded: Directory.Build.props, Directory.Packages.props, seeds/indicators.csv")

    def test_no_patterns(self):
        self.assertFailsWith(policy.dockerignore_effect("# nothing\n", REPO_FILES), "no patterns")
        self.assertFailsWith(policy.dockerignore_effect(None, REPO_FILES), "no patterns")


# ============================== docker-compose ==============================================
COMPOSE = textwrap.dedent("""\
    #   docker compose -f deploy/docker-compose.yml run --rm api org-units add --code TQ --kind province --name-vi x
    #   docker compose -f deploy/docker-compose.yml run --rm api keys create --org-unit TQ --role admin --name ops
    name: indicators

    x-sa-password: &sa-password
      # LOCAL USE ONLY: the default lets `up` work on a dev machine.
      MSSQL_SA_PASSWORD: ${MSSQL_SA_PASSWORD:-Local-Dev-Only-Passw0rd}

    services:
      sqlserver:
        image: mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04
        environment:
          <<: *sa-password
          ACCEPT_EULA: "Y"
        volumes:
          - mssql-data:/var/opt/mssql
        healthcheck:
          test: ["CMD-SHELL", "/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P \\"$$MSSQL_SA_PASSWORD\\" -Q \\"SELECT 1\\""]
      db-init:
        image: mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04
        depends_on:
          sqlserver:
            condition: service_healthy
        entrypoint: ["/bin/bash", "-c"]
        command:
          - >-
            /opt/mssql-tools18/bin/sqlcmd -C -S sqlserver -U sa -P "$$MSSQL_SA_PASSWORD" -b
            -Q "IF DB_ID(N'Indicators') IS NULL CREATE DATABASE [Indicators];"
        restart: "no"
      api:
        build:
          context: ..
          dockerfile: deploy/Dockerfile
        depends_on:
          sqlserver:
            condition: service_healthy
          db-init:
            condition: service_completed_successfully
        environment:
          Database__Provider: SqlServer
          ConnectionStrings__Indicators: "Server=sqlserver,1433;Database=Indicators;User Id=sa;Password=${MSSQL_SA_PASSWORD:-x}"
          Database__MigrateOnStartup: "true"
        ports:
          - "8080:8080"
        restart: unless-stopped

    volumes:
      mssql-data:
    """)


class ComposeStackTest(RuleTest):
    def broken(self, old, new):
        self.assertIn(old, COMPOSE)
        return policy.compose_stack(COMPOSE.replace(old, new))

    def test_good(self):
        self.assertPasses(policy.compose_stack(COMPOSE))

    def test_missing(self):
        self.assertFailsWith(policy.compose_stack(None), "deploy/docker-compose.yml missing")

    def test_top_level(self):
        self.assertFailsWith(self.broken("name: indicators", "version: '3.8'"), "obsolete top-level `version:`")
        self.assertFailsWith(self.broken("name: indicators", "name: Indicators"), "invalid project name 'Indicators'")
        self.assertFailsWith(self.broken("  db-init:", "  init:"), "service db-init missing")

    def test_sqlserver(self):
        self.assertFailsWith(self.broken("server:2022-CU16-ubuntu-22.04\n    environment", "server:2022-latest\n    environment"),
                             "sqlserver image not a pinned 2022 CU tag: mcr.microsoft.com/mssql/server:2022-latest")
        self.assertFailsWith(self.broken('ACCEPT_EULA: "Y"', 'ACCEPT_EULA: "N"'), 'sqlserver: ACCEPT_EULA must be "Y"')
        self.assertFailsWith(self.broken("MSSQL_SA_PASSWORD: ${MSSQL_SA_PASSWORD:-Local-Dev-Only-Passw0rd}", "MSSQL_SA_PASSWORD: secret"),
                             "sqlserver: MSSQL_SA_PASSWORD must come from ${MSSQL_SA_PASSWORD...}")
        self.assertFailsWith(self.broken("LOCAL USE ONLY", "default"), "the default sa password is not marked LOCAL USE ONLY")
        self.assertFailsWith(self.broken("- mssql-data:/var/opt/mssql", "- ./data:/var/opt/mssql"),
                             "sqlserver: named volume mssql-data:/var/opt/mssql missing")
        self.assertFailsWith(self.broken("volumes:\n  mssql-data:\n", ""), "top-level volumes lacks mssql-data")
        self.assertFailsWith(self.broken('sqlcmd -C -S localhost', 'sqlcmd -S localhost'), "sqlserver healthcheck lacks ' -C'")

    def test_db_init(self):
        self.assertFailsWith(self.broken("condition: service_healthy\n    entrypoint", "condition: service_started\n    entrypoint"),
                             "db-init must depend on sqlserver: service_healthy")
        self.assertFailsWith(self.broken("-C -S sqlserver", "-S sqlserver"), "db-init command lacks ' -C'")
        self.assertFailsWith(self.broken("IF DB_ID(N'Indicators') IS NULL ", ""),
                             "db-init must create the database only if missing (IF DB_ID(N'Indicators') IS NULL)")
        self.assertFailsWith(self.broken('restart: "no"', "restart: on-failure"), 'db-init is one-shot: restart must be "no"')

    def test_api(self):
        self.assertFailsWith(self.broken("context: ..", "context: ."), "api build context must be the repo root (..)")
        self.assertFailsWith(self.broken("dockerfile: deploy/Dockerfile", "dockerfile: Dockerfile"), "api build dockerfile must be deploy/Dockerfile")
        self.assertFailsWith(self.broken("condition: service_completed_successfully", "condition: service_started"),
                             "api must depend on db-init: service_completed_successfully")
        self.assertFailsWith(self.broken('Database__MigrateOnStartup: "true"', "Database__MigrateOnStartup: true"),
                             "api environment Database__MigrateOnStartup is bool, quote it")
        self.assertFailsWith(self.broken("Provider: SqlServer", "Provider: Sqlite"), "api: Database__Provider must be SqlServer")
        self.assertFailsWith(self.broken("Server=sqlserver,1433", "Server=localhost"), "api ConnectionStrings__Indicators lacks 'Server=sqlserver'")
        self.assertFailsWith(self.broken('"8080:8080"', '"80:8080"'), "api must publish 8080:8080")
        self.assertFailsWith(self.broken("restart: unless-stopped", "restart: always"), "api restart must be unless-stopped")
        self.assertFailsWith(self.broken("    restart: unless-stopped", "    restart: unless-stopped\n    healthcheck:\n      test: [CMD, curl, -f, http://localhost:8080/]"),
                             "api healthcheck uses curl/wget, absent from the image")

    def test_first_key_commands_in_comments(self):
        self.assertFailsWith(self.broken("run --rm api keys create", "run --rm api keys list"),
                             "top comments lack the `... keys create --org-unit TQ --role admin --name ops` line")
        self.assertFailsWith(self.broken("--kind province", "--kind district"),
                             "top comments lack the `run --rm api org-units add ...` line")

    def test_compose_v1_copy_has_no_name(self):
        self.assertNotIn("name", yaml.safe_load(policy.compose_v1(COMPOSE)))
        with self.assertRaisesRegex(ValueError, "not a mapping"):
            policy.compose_v1("- a list\n")
        with self.assertRaisesRegex(ValueError, "YAML does not parse"):
            policy.compose_v1("a: [\n")


# ============================== Kubernetes ==================================================
KUSTOMIZATION = textwrap.dedent("""\
    namespace: indicators
    resources: [namespace.yaml, deployment.yaml]
    images:
      - name: indicators-api
        newName: registry.example.org/indicators/indicators-api
        newTag: "1.0.0"
    """)
K8S_ENTRIES = {"kustomization.yaml", "namespace.yaml", "deployment.yaml", "secret.example.yaml", "README.md"}

SECRET = textwrap.dedent("""\
    apiVersion: v1
    kind: Secret
    metadata: {name: indicators-db}
    stringData:
      connectionString: "Server=tcp:sql,1433;Database=Indicators;User Id=app;Password=CHANGE-ME"
    """)

API_LABELS = {"app.kubernetes.io/name": "indicators-api", "app.kubernetes.io/component": "api"}
JOB_LABELS = {"app.kubernetes.io/name": "indicators-api", "app.kubernetes.io/component": "migrate"}
IMAGE = "registry.example.org/indicators/indicators-api:1.0.0"
SECRET_ENV = [{"name": "ConnectionStrings__Indicators",
               "valueFrom": {"secretKeyRef": {"name": "indicators-db", "key": "connectionString"}}}]
HARDENED = {"runAsNonRoot": True, "readOnlyRootFilesystem": True, "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]}}
NS = {"namespace": "indicators"}


def pod(labels, container, **spec):
    container = {"image": IMAGE, "envFrom": [{"configMapRef": {"name": "indicators-config"}}], "env": SECRET_ENV,
                 "securityContext": HARDENED, "volumeMounts": [{"mountPath": "/tmp", "name": "tmp"}], **container}
    return {"metadata": {"labels": labels},
            "spec": {"containers": [container], "volumes": [{"name": "tmp", "emptyDir": {}}], **spec}}


def objects():
    """A rendered kustomization that passes every rule (fresh for each test to break)."""
    probe = {"httpGet": {"path": "/health/live", "port": "http"}}
    api = pod(API_LABELS, {
        "name": "api", "ports": [{"name": "http", "containerPort": 8080}],
        "readinessProbe": {"httpGet": {"path": "/health/ready", "port": "http"}}, "livenessProbe": probe, "startupProbe": probe,
        "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}}},
        affinity={"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": API_LABELS}}}]}})
    return copy.deepcopy([
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "indicators"}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "indicators-config", **NS},
         "data": {"Database__Provider": "SqlServer", "Database__MigrateOnStartup": "false", "Seed__OnStartup": "false",
                  "Swagger__Enabled": "true", "ASPNETCORE_FORWARDEDHEADERS_ENABLED": "true"}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "indicators-api", **NS},
         "spec": {"ports": [{"port": 80, "targetPort": "http"}], "selector": API_LABELS}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "indicators-api", **NS},
         "spec": {"replicas": 2, "selector": {"matchLabels": API_LABELS}, "template": api}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "indicators-api", **NS},
         "spec": {"minAvailable": 1, "selector": {"matchLabels": API_LABELS}}},
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "indicators-api", **NS},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "indicators-api"},
                  "minReplicas": 2, "maxReplicas": 10,
                  "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}},
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "indicators-migrate", **NS},
         "spec": {"template": pod(JOB_LABELS, {"name": "migrate", "args": ["migrate"]}, restartPolicy="OnFailure")}},
    ])


def kind(docs, k):
    return next(d for d in docs if d["kind"] == k)


def container(docs, k):
    return kind(docs, k)["spec"]["template"]["spec"]["containers"][0]


class KustomizationTest(RuleTest):
    def test_good(self):
        c = policy.kustomization(KUSTOMIZATION, K8S_ENTRIES)
        self.assertPasses(c)
        self.assertEqual(c.detail, "2 resources")

    def test_resources(self):
        self.assertFailsWith(policy.kustomization(KUSTOMIZATION, K8S_ENTRIES | {"hpa.yaml"}), "hpa.yaml is not listed in resources")
        self.assertFailsWith(policy.kustomization(KUSTOMIZATION, K8S_ENTRIES - {"deployment.yaml"}), "resource deployment.yaml does not exist")
        self.assertFailsWith(policy.kustomization(KUSTOMIZATION.replace("deployment.yaml", "deployment.yaml, secret.example.yaml"), K8S_ENTRIES),
                             "secret.example.yaml must not be a resource")

    def test_namespace_and_images(self):
        self.assertFailsWith(policy.kustomization(KUSTOMIZATION.replace("namespace: indicators", "namespace: default"), K8S_ENTRIES),
                             "namespace default")
        self.assertFailsWith(policy.kustomization(KUSTOMIZATION.split("images:")[0], K8S_ENTRIES), "no images: entry to set the image")


class SecretExampleTest(RuleTest):
    def test_good(self):
        self.assertPasses(policy.secret_example(policy.load_all(SECRET)))

    def test_missing(self):
        self.assertFailsWith(policy.secret_example(None), "missing")

    def test_shape(self):
        self.assertFailsWith(policy.secret_example(policy.load_all(SECRET.replace("kind: Secret", "kind: ConfigMap"))), "not one v1 Secret")
        self.assertFailsWith(policy.secret_example(policy.load_all(SECRET.replace("indicators-db", "db"))), "name is not indicators-db")
        self.assertFailsWith(policy.secret_example(policy.load_all(SECRET.replace("Database=Indicators", "Database=x"))),
                             "stringData.connectionString lacks Database=Indicators")

    def test_placeholder_only(self):
        self.assertFailsWith(policy.secret_example(policy.load_all(SECRET.replace("CHANGE-ME", "hunter2"))),
                             "connectionString does not look like a placeholder")


class RenderedTest(RuleTest):
    def test_good(self):
        checks = list(policy.rendered_checks(objects()))
        self.assertEqual([c.name for c in checks], [policy.K8S_KINDS, policy.K8S_DEPLOYMENT, policy.K8S_SERVICE, policy.K8S_HPA,
                                                    policy.K8S_PDB, policy.K8S_CONFIGMAP, policy.K8S_JOB])
        for c in checks:
            self.assertPasses(c)

    def test_kinds(self):
        docs = objects()
        docs.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "indicators-db", **NS}})
        self.assertFailsWith(policy.k8s_kinds(docs), "a Secret is rendered: keep credentials out of the kustomization")
        docs = objects()
        kind(docs, "HorizontalPodAutoscaler")["apiVersion"] = "autoscaling/v1"
        self.assertFailsWith(policy.k8s_kinds(docs), "HorizontalPodAutoscaler apiVersion autoscaling/v1, want autoscaling/v2")
        docs = objects()
        kind(docs, "Service")["metadata"]["namespace"] = "default"
        self.assertFailsWith(policy.k8s_kinds(docs), "Service/indicators-api not in namespace indicators")

    def test_relations_skipped_without_every_kind(self):
        docs = [d for d in objects() if d["kind"] != "Job"]
        checks = list(policy.rendered_checks(docs))
        self.assertEqual(len(checks), 1)
        self.assertFailsWith(checks[0], "expected exactly one Job, found 0")

    def test_deployment(self):
        docs = objects()
        kind(docs, "Deployment")["spec"]["replicas"] = 1
        ct = container(docs, "Deployment")
        ct["readinessProbe"]["httpGet"]["path"] = "/health"
        ct["resources"]["limits"]["memory"] = "1Gi"
        del ct["startupProbe"]
        ct["ports"][0]["containerPort"] = 80
        c = policy.k8s_deployment(policy.Rendered(docs))
        self.assertFailsWith(c, "replicas 1: want an integer >= 2")
        self.assertFailsWith(c, "readinessProbe path /health, want /health/ready")
        self.assertFailsWith(c, "resources.limits.memory is 1Gi, want 512Mi")
        self.assertFailsWith(c, "startupProbe missing")
        self.assertFailsWith(c, "no containerPort 8080 named http")

    def test_deployment_anti_affinity(self):
        docs = objects()
        del kind(docs, "Deployment")["spec"]["template"]["spec"]["affinity"]
        self.assertFailsWith(policy.k8s_deployment(policy.Rendered(docs)),
                             "no pod anti-affinity across nodes (topologyKey kubernetes.io/hostname) selecting the API pods")

    def test_pod_hardening_and_wiring(self):
        docs = objects()
        ct = container(docs, "Deployment")
        ct["securityContext"] = {"runAsNonRoot": True, "runAsUser": 0}
        ct["image"] = "indicators-api"
        ct["env"] = []
        ct["envFrom"] = []
        c = policy.k8s_deployment(policy.Rendered(docs))
        for msg in ("api: readOnlyRootFilesystem not true", "api: allowPrivilegeEscalation not false",
                    "api: capabilities.drop lacks ALL", "api: runAsUser 0",
                    "api: envFrom lacks a ConfigMap of this kustomization (has [])",
                    "api: ConnectionStrings__Indicators must come from secretKeyRef indicators-db/connectionString",
                    "api: image 'indicators-api' not set by kustomize images (registry/name:tag)"):
            self.assertFailsWith(c, msg)

    def test_service(self):
        docs = objects()
        svc = kind(docs, "Service")["spec"]
        svc["type"] = "LoadBalancer"
        svc["selector"] = {"app.kubernetes.io/name": "indicators-api"}
        c = policy.k8s_service(policy.Rendered(docs))
        self.assertFailsWith(c, "type LoadBalancer")
        self.assertFailsWith(c, "selector also matches the migrate Job's pod")

    def test_hpa(self):
        docs = objects()
        kind(docs, "HorizontalPodAutoscaler")["spec"]["maxReplicas"] = 5
        kind(docs, "HorizontalPodAutoscaler")["spec"]["metrics"] = []
        c = policy.k8s_hpa(policy.Rendered(docs))
        self.assertFailsWith(c, "replicas 2..5, want 2..10")
        self.assertFailsWith(c, "no CPU Utilization target of 70")

    def test_pdb(self):
        docs = objects()
        kind(docs, "PodDisruptionBudget")["spec"] = {"minAvailable": 0, "selector": {"matchLabels": {"app.kubernetes.io/name": "indicators-api"}}}
        c = policy.k8s_pdb(policy.Rendered(docs))
        self.assertFailsWith(c, "minAvailable 0")
        self.assertFailsWith(c, "selector also matches the migrate Job's pod")

    def test_configmap(self):
        docs = objects()
        data = kind(docs, "ConfigMap")["data"]
        data["Seed__OnStartup"] = True
        data["ConnectionStrings__Indicators"] = "Server=sql;Password=hunter2"
        c = policy.k8s_configmap(policy.Rendered(docs))
        self.assertFailsWith(c, "Seed__OnStartup is bool, quote it")
        self.assertFailsWith(c, "Seed__OnStartup is True, want 'false'")
        self.assertFailsWith(c, "a password in the ConfigMap")

    def test_configmap_leaves_migrations_to_the_job(self):
        docs = objects()
        kind(docs, "ConfigMap")["data"]["Database__MigrateOnStartup"] = "true"
        kind(docs, "ConfigMap")["metadata"]["name"] = "other"
        c = policy.k8s_configmap(policy.Rendered(docs))
        self.assertFailsWith(c, "Database__MigrateOnStartup is 'true', want 'false'")
        self.assertFailsWith(c, "the Deployment does not use this ConfigMap")

    def test_job(self):
        docs = objects()
        ct = container(docs, "Job")
        ct["args"] = ["seed"]
        ct["image"] = "registry.example.org/indicators/indicators-api:0.9"
        kind(docs, "Job")["spec"]["template"]["spec"]["restartPolicy"] = "Always"
        c = policy.k8s_job(policy.Rendered(docs))
        self.assertFailsWith(c, "runs ['dotnet', 'Indicators.Api.dll', 'seed'], want dotnet Indicators.Api.dll migrate")
        self.assertFailsWith(c, "image differs from the Deployment's")
        self.assertFailsWith(c, "restartPolicy must be Never or OnFailure")

    def test_image_name(self):
        self.assertEqual(policy.image_name("registry:5000/a/b:1.0"), "registry:5000/a/b")
        self.assertEqual(policy.image_name("registry:5000/a/b"), "registry:5000/a/b")
        self.assertEqual(policy.image_name("a/b@sha256:00"), "a/b")


class ReadmesTest(RuleTest):
    TOP = ("docker compose -f deploy/docker-compose.yml up; kubectl apply -k deploy/k8s; db_ddladmin db_datareader "
           "db_datawriter EXECUTE READ_COMMITTED_SNAPSHOT ApplicationIntent=ReadOnly Always On Idempotency")
    K8S = ("kubectl -n indicators create secret generic indicators-db --from-literal=connectionString='...'\n"
           "kubectl apply -k deploy/k8s\n")

    def test_good(self):
        self.assertPasses(policy.readmes(self.TOP, self.K8S))

    def test_missing_notes(self):
        self.assertFailsWith(policy.readmes(self.TOP.replace("READ_COMMITTED_SNAPSHOT", ""), self.K8S),
                             "deploy/README.md lacks 'READ_COMMITTED_SNAPSHOT'")
        self.assertFailsWith(policy.readmes(self.TOP, "kubectl apply -k deploy/k8s"),
                             "deploy/k8s/README.md lacks 'create secret generic indicators-db'")
        self.assertFailsWith(policy.readmes(self.TOP, None), "deploy/k8s/README.md missing")


class CommandLineTest(unittest.TestCase):
    def test_unparsable_file_fails_its_group_with_one_line(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "deploy"))
            with open(os.path.join(root, "deploy", "docker-compose.yml"), "w") as f:
                f.write("services: [\n")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                policy.main([root, "compose"])
        lines = out.getvalue().splitlines()
        self.assertEqual(lines[0], "FAIL  docker-compose.yml: stack rules: YAML does not parse")
        self.assertNotIn(root, out.getvalue())


class RealDeployTest(RuleTest):
    """The repo's deploy/ as check-deploy sees it."""

    def test_files_pass_every_rule(self):
        checks = [*policy.dockerfile_checks(ROOT), *policy.compose_checks(ROOT),
                  *policy.kustomization_checks(ROOT), *policy.readme_checks(ROOT)]
        self.assertEqual(len(checks), 7)
        for c in checks:
            self.assertPasses(c)

    def test_kustomize_output_passes_every_rule(self):
        if not shutil.which("kubectl"):
            self.skipTest("kubectl is absent (.ci/check-deploy installs it)")
        rendered = subprocess.run(["kubectl", "kustomize", os.path.join(ROOT, "deploy", "k8s")],
                                  capture_output=True, text=True, check=True).stdout
        checks = list(policy.rendered_checks(policy.load_all(rendered)))
        self.assertEqual(len(checks), 7)
        for c in checks:
            self.assertPasses(c)


if __name__ == "__main__":
    unittest.main()
