"""The command line: a real server process and the migration command."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.support.serving import wait_until_serving

pytestmark = pytest.mark.slow

CLI = (
    [sys.executable, "-m", "componentforge.cli"]
    if not shutil.which("componentforge")
    else [str(shutil.which("componentforge"))]
)


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "VIRTUAL_ENV")}
    env.update(DATA_DIR=str(tmp_path / "data"), **extra)
    return env


@contextmanager
def serving(tmp_path: Path, *args: str, **env: str) -> Iterator[str]:
    """`componentforge serve` in its own process; stopped with Ctrl-C, it must exit cleanly.

    Its output goes to a file: a pipe nobody reads fills up with access logs and then blocks
    the server mid-request."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            env=clean_env(tmp_path, **env),
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so its workers are stopped with it
        )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_serving(process, url):
            pytest.fail(f"server did not start: {log.read_text()}")
        yield url
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        output = log.read_text()
        assert process.returncode == 0, output
        assert "Application shutdown complete" in output
    finally:
        if process.poll() is None:  # a failed test or a hung shutdown: stop it and its workers
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with serving(tmp_path) as url:
        yield url


def test_serve_answers_on_embedded_defaults(server: str, tmp_path: Path) -> None:
    assert httpx.get(f"{server}/health").json()["status"] == "ok"
    ready = httpx.get(f"{server}/api/v1/health").json()
    assert ready["status"] == "healthy"
    docs = httpx.get(f"{server}/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert "componentforge_http_requests_total" in httpx.get(f"{server}/metrics").text
    assert "generations" in sqlite_tables(tmp_path / "data" / "componentforge.db")  # migrated


async def test_several_workers_on_embedded_defaults_answer_and_count_as_one(
    tmp_path: Path,
) -> None:
    """Two workers: the SQLite file is migrated once, before they start; the second keeps its
    vector index in memory (local Qdrant's folder is the first's); `/metrics` adds up both,
    whichever answers, and a previous run's samples are wiped at start."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_99999.db").write_bytes(b"left by a previous run")
    with serving(
        tmp_path, PROMETHEUS_MULTIPROC_DIR=str(folder), WEB_CONCURRENCY="2", NODE_BINARY="-"
    ) as url:
        async with httpx.AsyncClient(
            limits=httpx.Limits(max_keepalive_connections=0), timeout=30
        ) as http:
            # Which worker accepts a connection is the kernel's choice: send batches until
            # both have served some (a worker writes its counters' file at its first request).
            sent = 0
            while len(writers(folder, "counter")) < 2 and sent < 800:
                answers = await asyncio.gather(*(http.get(f"{url}/health") for _ in range(40)))
                assert {r.status_code for r in answers} == {200}
                sent += 40
            search = await http.post(f"{url}/api/v1/retrieval/search", json={"query": "toggle"})
            assert search.status_code == 200 and not search.json()["degraded"], search.text
            text = (await http.get(f"{url}/metrics")).text
        served_by = writers(folder, "counter")
        started = writers(folder, "histogram")  # every worker writes one at its start
    assert len(started) == 2 and "99999" not in started | served_by
    assert served_by == started
    served = re.search(
        r'^componentforge_http_requests_total\{method="GET",route="/health",status="200"\} (\S+)$',
        text,
        re.MULTILINE,
    )
    # all that were sent, and the one that told serving() the server was up
    assert served is not None and float(served.group(1)) == sent + 1, text[:2000]


def writers(folder: Path, kind: str) -> set[str]:
    """The pids of the processes with a `kind` file in the metrics folder."""
    return {p.stem.rsplit("_", 1)[1] for p in folder.glob(f"{kind}_*.db")}


def sqlite_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_alembic_upgrade_head_reads_our_settings(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    alembic = Path(sys.executable).with_name("alembic")
    result = subprocess.run(
        [str(alembic), "-c", str(root / "alembic.ini"), "upgrade", "head"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    tables = sqlite_tables(tmp_path / "data" / "componentforge.db")
    assert {
        "generations",
        "cache_stats",
        "costs",
        "validation_reports",
        "alembic_version",
    } <= tables


def test_db_upgrade_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [*CLI, "db", "upgrade"],
        env=clean_env(tmp_path, DATABASE_URL=postgres_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "database at revision 0003"


def test_db_upgrade_reports_an_unreachable_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [*CLI, "db", "upgrade"],
        env=clean_env(
            tmp_path,
            DATABASE_URL=f"postgresql://nobody@127.0.0.1:{free_port()}/x",
            DATABASE_TIMEOUT_SECONDS="2",
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("componentforge: database unreachable:")
    assert "Traceback" not in result.stderr


def test_patterns_reindex_embeds_only_what_changed(tmp_path: Path) -> None:
    def reindex() -> str:
        result = subprocess.run(
            [*CLI, "patterns", "reindex"],
            env=clean_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    first = reindex()
    assert first.startswith("32 patterns in patterns__all-minilm-l6-v2-int8__384: 32 embedded")
    assert reindex().endswith("0 embedded, 32 unchanged, 0 removed")


def test_patterns_reindex_reports_a_broken_library(tmp_path: Path) -> None:
    root = tmp_path / "patterns"
    shutil.copytree(Path(__file__).resolve().parents[2] / "patterns", root)
    (root / "meta" / "shadcn-card.yaml").write_text("id: shadcn-card\n")
    result = subprocess.run(
        [*CLI, "patterns", "reindex"],
        env=clean_env(tmp_path, PATTERNS_DIR=str(root)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2
    assert "shadcn-card.yaml: name: Field required" in result.stderr
    assert "Traceback" not in result.stderr


def generate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "generate", *args],
        env=clean_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_generate_from_a_screenshot_writes_the_files_and_shows_each_stage(
    tmp_path: Path,
) -> None:
    from tests.support.drawing import component_png

    (tmp_path / "button.png").write_bytes(component_png("button"))
    result = generate(
        tmp_path,
        *("--screenshot", "button.png", "--component-type", "button", "--scale", "1"),
        *("--out", "out", "--name", "Notify"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Notify from shadcn-button (offline:template): ")
    for stage in ("extract", "load_pattern", "generate", "validate", "store"):
        assert f"  {stage} …" in result.stderr and f"  {stage} done in " in result.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "Notify.stories.tsx",
        "Notify.tsx",
        "content.json",
        "generation.json",
        "provenance.json",
        "requirements.json",
        "tokens.json",
    ]
    assert "export function Notify(" in (out / "Notify.tsx").read_text()
    report = json.loads((out / "generation.json").read_text())
    assert report["validation"]["status"] in ("PASS", "UNVERIFIED")
    assert "files" not in report
    # the screenshot's label is the default, and the preview looked like the screenshot
    assert json.loads((out / "content.json").read_text())["from_screenshot"]["label"]
    if report["validation"]["status"] == "PASS":
        assert report["validation"]["visual"]["passed"]
    bad = generate(tmp_path, "--screenshot", "button.png", "--component-type", "blob", "--out", "o")
    assert bad.returncode == 2 and "--component-type 'blob'" in bad.stderr


def test_generate_from_a_pattern_with_token_and_requirement_files(tmp_path: Path) -> None:
    (tmp_path / "tokens.json").write_text('{"colors": {"primary": "#dc2626"}}')
    (tmp_path / "req.json").write_text('{"props": ["loading"], "events": ["onClick"]}')
    result = generate(
        tmp_path,
        *("--pattern", "shadcn-button", "--tokens", "tokens.json"),
        *("--requirements", "req.json", "--out", "out", "--no-stories", "--no-validate"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("AppButton from shadcn-button (offline:template): not valid")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "AppButton.stories.tsx" not in names and "AppButton.tsx" in names
    assert '"--primary": "oklch(' in (tmp_path / "out" / "AppButton.tsx").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--pattern", "shadcn-nothing"), "componentforge: no pattern 'shadcn-nothing'"),
        (("--pattern", "shadcn-button", "--tokens", "missing.json"), "tokens file missing.json"),
        (("--pattern", "shadcn-button", "--tokens", "bad.json"), "componentforge: invalid input"),
        (("--screenshot", "bad.json"), "componentforge: the file is not a PNG, JPEG or WebP image"),
        (("--pattern", "shadcn-button", "--name", "Button"), "clash on case-insensitive"),
    ],
)
def test_generate_reports_bad_input_plainly(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "bad.json").write_text('{"colors": {"primary": "not a colour"}}')
    result = generate(tmp_path, *args, "--out", "out")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
