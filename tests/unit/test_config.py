from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from componentforge.config import Settings
from componentforge.errors import ConfigError


def test_defaults_are_embedded(make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    s = make_settings()
    assert (
        s.resolved_database_url
        == f"sqlite+aiosqlite:///{(tmp_path / 'data').resolve()}/componentforge.db"
    )
    assert s.database_is_sqlite and s.migrate_on_start
    assert s.redis_url is None and s.qdrant_url is None and s.s3_bucket is None
    assert not s.api_key_digests and not s.llm_configured
    assert s.rate_limit_for("extraction") == "10/minute"
    assert s.rate_limit_for("generation") == "20/minute"
    assert s.rate_limit_for("retrieval") == "50/minute"
    assert s.rate_limit_for("anything-else") == "100/minute"


def test_postgres_urls_are_normalised_and_not_migrated_on_start(
    make_settings: Callable[..., Settings],
) -> None:
    s = make_settings(database_url="postgres://u:p@db:5432/cf")
    assert s.resolved_database_url == "postgresql+asyncpg://u:p@db:5432/cf"
    assert not s.migrate_on_start
    assert make_settings(
        database_url="postgresql://db/cf", database_auto_migrate=True
    ).migrate_on_start


def test_lists_come_from_commas_and_keys_are_hashed(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("API_KEYS", "alpha, beta")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example,https://b.example")
    s = make_settings()
    assert s.cors_origins == ["https://a.example", "https://b.example"]
    assert s.api_key_digests == {hashlib.sha256(k).hexdigest() for k in (b"alpha", b"beta")}
    assert s.api_key_digests


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RATE_LIMIT_EXTRACTION", "lots"),
        ("RATE_LIMIT_DEFAULT", "0/minute"),
        ("DATABASE_URL", "mysql://db/x"),
        ("REDIS_URL", "http://cache:6379"),
        ("MAX_BODY_BYTES", "-5"),
        ("QDRANT_URL", "not a url"),
        ("API_KEY_HASHES", "abc"),
        ("BREAKER_FAILURE_THRESHOLD", "0"),
    ],
)
def test_a_bad_value_names_its_variable(
    make_settings: Callable[..., Settings],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        make_settings()
    message = caught.value.message
    assert message.startswith(f"invalid configuration: {variable}: ")
    assert "\n" not in message


def test_startup_stops_with_one_line_naming_the_variable(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "RATE_LIMIT_RETRIEVAL": "fast", "DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "componentforge.main:app", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("componentforge: invalid configuration: RATE_LIMIT_RETRIEVAL:")
    assert "Traceback" not in result.stderr
