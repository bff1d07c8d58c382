"""Artifacts on a real S3 API (moto's server on loopback), and on the local directory."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from componentforge.errors import InvalidInputError
from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics
from componentforge.infra.storage import LocalArtifactStore, S3ArtifactStore, build_s3_client
from tests.support.proxy import TcpProxy


@pytest.fixture
def s3_proxy(s3_url: str, make_proxy: Callable[[str], tuple[TcpProxy, str]]) -> TcpProxy:
    return make_proxy(s3_url)[0]


def make_store(endpoint: str, bucket: str, tmp_path: Path, metrics: Metrics) -> S3ArtifactStore:
    client = build_s3_client(endpoint, "us-east-1", "testing", "testing", timeout=2, attempts=1)
    return S3ArtifactStore(
        client,
        bucket,
        pending=LocalArtifactStore(tmp_path / "pending"),
        breakers=Breakers(metrics, threshold=2, reset_seconds=0.3),
        metrics=metrics,
        presign_seconds=3600,
        timeout=3,
    )


async def test_bucket_policy_objects_and_presigned_urls(
    s3_url: str, s3_settings: dict[str, Any], tmp_path: Path
) -> None:
    bucket = s3_settings["s3_bucket"]
    store = make_store(s3_url, bucket, tmp_path, Metrics())
    await store.ensure_bucket(expire_days=30)
    await store.ensure_bucket(expire_days=30)  # idempotent
    c = store.client
    assert c.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    rule = c.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]
    assert rule["Filter"]["Prefix"] == "components/" and rule["Expiration"]["Days"] == 30
    enc = c.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
    assert enc["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"

    files = [
        ("components/g1/Button.tsx", b"export function Button() { return null }\n"),
        ("components/g1/tokens.json", b'{"colors": {}}'),
        ("reports/g1/quality-report.html", b"<!doctype html><title>r</title>"),
    ]
    stored = await store.put_many(files)
    assert [s.backend for s in stored] == ["s3"] * 3 and not any(s.deferred for s in stored)
    head = c.head_object(Bucket=bucket, Key="components/g1/Button.tsx")
    assert head["ServerSideEncryption"] == "AES256"
    assert await store.get("components/g1/tokens.json") == b'{"colors": {}}'
    assert await store.get("components/g1/missing.json") is None

    url = stored[0].url
    assert "X-Amz-Expires=3600" in url and "X-Amz-Signature=" in url
    async with httpx.AsyncClient() as http:
        response = await http.get(url)
    assert response.status_code == 200 and response.content == files[0][1]

    await store.put("components/g1/Button.tsx", b"v2")
    versions = c.list_object_versions(Bucket=bucket, Prefix="components/g1/Button.tsx")["Versions"]
    assert len(versions) == 2


async def test_s3_down_keeps_artifacts_locally_and_uploads_later(
    s3_proxy: TcpProxy, s3_settings: dict[str, Any], tmp_path: Path
) -> None:
    metrics = Metrics()
    bucket = s3_settings["s3_bucket"]
    store = make_store(f"http://127.0.0.1:{s3_proxy.port}", bucket, tmp_path, metrics)
    await store.ensure_bucket(expire_days=90)

    s3_proxy.cut()
    kept = await store.put("components/g2/Card.tsx", b"card source")
    assert kept.deferred and kept.backend == "local"
    assert kept.url == "/api/v1/artifacts/components/g2/Card.tsx"
    assert (tmp_path / "pending/components/g2/Card.tsx").read_bytes() == b"card source"
    assert await store.get("components/g2/Card.tsx") == b"card source"
    assert metrics.registry.get_sample_value("componentforge_deferred_writes", {"store": "s3"}) == 1

    s3_proxy.restore()
    await asyncio.sleep(0.35)
    assert await store.upload_pending() == 1
    body = store.client.get_object(Bucket=bucket, Key="components/g2/Card.tsx")["Body"].read()
    assert body == b"card source"
    assert store.pending.list_keys() == []
    assert metrics.registry.get_sample_value("componentforge_deferred_writes", {"store": "s3"}) == 0


@pytest.mark.parametrize(
    "key",
    [
        "../etc/passwd",
        "components/../../x",
        "components/a/../b",
        "/etc/passwd",
        "other/a/b",
        "components/a",
        "components/a/.hidden/x",
        "components/a b/c",
    ],
)
async def test_keys_that_could_escape_are_refused(key: str, tmp_path: Path) -> None:
    store = LocalArtifactStore(tmp_path / "artifacts")
    with pytest.raises(InvalidInputError):
        await store.put(key, b"x")


async def test_local_store_round_trip(tmp_path: Path) -> None:
    store = LocalArtifactStore(tmp_path / "artifacts")
    stored = await store.put("reports/r1/quality-report.html", b"<html></html>")
    assert stored.url == "/api/v1/artifacts/reports/r1/quality-report.html"
    assert (tmp_path / "artifacts/reports/r1/quality-report.html").read_bytes() == b"<html></html>"
    assert await store.get("reports/r1/quality-report.html") == b"<html></html>"
    assert await store.get("reports/r1/other.html") is None
