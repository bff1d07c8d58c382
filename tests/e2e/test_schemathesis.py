"""Property-based requests over the whole OpenAPI spec (schemathesis), with API keys on: no
answer is a server error (a 502 for the unreachable Figma upstream aside), every error comes
in our envelope, and every answer has a status, a content type and a body its operation
documents. The budget is bounded: a few examples per operation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from componentforge.config import Settings
from tests.conftest import free_port
from tests.support.serving import wait_until_serving

KEY = "fuzz-key"


EXAMPLES = 15
CONFORMANCE = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, seeded_index: Path) -> Iterator[str]:
    """`componentforge serve` in a process of its own (a server thread here would share the
    interpreter with hypothesis and pytest's import hooks)."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(seeded_index, folder / "data" / "qdrant")
    env = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    env.update(
        DATA_DIR=str(folder / "data"),
        API_KEYS=KEY,
        RATE_LIMIT_ENABLED="false",
        NODE_BINARY="/nonexistent/node",
        FIGMA_BASE_URL="http://127.0.0.1:9",  # nothing listens: Figma is unreachable (502)
        FIGMA_TIMEOUT_SECONDS="0.5",
        FIGMA_MAX_RETRIES="0",
        LOG_LEVEL="WARNING",
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "componentforge.cli", "serve", "--port", str(port)],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_until_serving(process, url):
        process.kill()
        pytest.fail("the server did not start")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_no_server_errors_and_every_error_in_the_envelope(served: str) -> None:
    schema = schemathesis.openapi.from_url(f"{served}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            response = case.call(base_url=served, headers={"X-API-Key": KEY}, timeout=60)
            status = response.status_code
            where = f"{case.method} {case.formatted_path} -> {status}: {response.text[:300]}"
            if status >= 500 and not (status == 502 and "/figma" in case.path):
                failures.append(where)
            elif status >= 400:
                error = response.json().get("error", {})
                if not {"type", "message", "details", "request_id"} <= set(error):
                    failures.append("not our envelope: " + where)
            try:
                case.validate_response(response, checks=CONFORMANCE)
            except BaseExceptionGroup as exc:  # schemathesis: a group of what did not conform
                causes = getattr(exc, "exceptions", [exc])
                said = "; ".join(str(c).splitlines()[0] for c in causes)
                failures.append(f"not as documented: {case.method} {case.path} -> {status}: {said}")

        check()
    assert not failures, "\n".join(failures[:20])
