"""Artifact storage: a local directory by default, S3 (or MinIO) when configured."""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import boto3
from botocore.config import Config as BotoConfig

from componentforge.errors import DependencyError, InvalidInputError
from componentforge.infra.breaker import Breakers
from componentforge.infra.bulkhead import Bulkhead
from componentforge.infra.metrics import Metrics

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

log = logging.getLogger(__name__)

# components/{id}/{file} and reports/{id}/{file}: nothing else reaches a path or a bucket key.
ARTIFACT_KEY = re.compile(
    r"^(components|reports)/[A-Za-z0-9_-]{1,64}/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$"
)
LOCAL_URL_PREFIX = "/api/v1/artifacts/"


def check_key(key: str) -> str:
    if not ARTIFACT_KEY.fullmatch(key) or ".." in key:
        raise InvalidInputError(
            "artifact key must be components/{id}/{file} or reports/{id}/{file}", {"key": key}
        )
    return key


def content_type_for(key: str) -> str:
    if key.endswith((".tsx", ".ts")):
        return "text/plain; charset=utf-8"
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


@dataclass(frozen=True)
class StoredArtifact:
    key: str
    url: str
    size: int
    backend: Literal["local", "s3"]
    deferred: bool = False  # kept locally because S3 was down; uploaded later


class LocalArtifactStore:
    """Files under `root`, served by the API at /api/v1/artifacts/{key}."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path_for(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes) -> StoredArtifact:
        path = self.path_for(key)
        await asyncio.to_thread(_write_atomically, path, data)
        return StoredArtifact(key, LOCAL_URL_PREFIX + key, len(data), "local")

    async def put_many(self, items: Sequence[tuple[str, bytes]]) -> list[StoredArtifact]:
        return list(await asyncio.gather(*(self.put(key, data) for key, data in items)))

    async def get(self, key: str) -> bytes | None:
        path = self.path_for(key)
        return await asyncio.to_thread(lambda: path.read_bytes() if path.is_file() else None)

    async def url(self, key: str) -> str:
        return LOCAL_URL_PREFIX + check_key(key)

    def list_keys(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path_for(key).unlink, True)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def build_s3_client(
    endpoint_url: str | None,
    region: str,
    access_key_id: str | None,
    secret_access_key: str | None,
    timeout: float,
    attempts: int = 3,
) -> S3Client:
    """A boto3 client with SigV4 (presigned URLs), path-style addressing (MinIO) and retries."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        config=BotoConfig(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"max_attempts": attempts, "mode": "standard"},
            signature_version="s3v4",
            s3={"addressing_style": "path"},
        ),
    )


class S3ArtifactStore:
    """Encrypted, versioned objects with presigned URLs; S3 down means kept locally, sent later."""

    name = "s3"

    def __init__(
        self,
        client: S3Client,
        bucket: str,
        *,
        pending: LocalArtifactStore,
        breakers: Breakers,
        metrics: Metrics,
        presign_seconds: int,
        timeout: float,
        max_concurrency: int = 8,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.pending = pending
        self._breakers = breakers
        self._metrics = metrics
        self._presign_seconds = presign_seconds
        self._timeout = timeout
        # boto3 blocks: its calls run on threads of their own, so an S3 that hangs holds these
        # and no thread that extraction, embeddings or the database need.
        self.bulkhead = Bulkhead("s3", max_concurrency)
        # Waiting for a thread is ours, not S3's: it stays outside the call's time limit.
        self._slots = asyncio.Semaphore(max_concurrency)
        breakers.register("s3")
        self._metrics.deferred_writes.labels("s3").set(len(pending.list_keys()))

    async def _s3(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        async with self._slots:
            return await self._breakers.call(
                "s3",
                lambda: self.bulkhead.run(func, *args, **kwargs),
                timeout=self._timeout,
                open_on_timeout=True,
            )

    def close(self) -> None:
        self.bulkhead.close()

    async def ensure_bucket(self, expire_days: int) -> None:
        """Create the bucket if needed, with versioning, encryption and the expiry rule."""
        c = self.client
        existing = await self._s3(c.list_buckets)
        if self.bucket not in {b["Name"] for b in existing.get("Buckets", [])}:
            await self._s3(c.create_bucket, Bucket=self.bucket)
        await self._s3(
            c.put_bucket_versioning,
            Bucket=self.bucket,
            VersioningConfiguration={"Status": "Enabled"},
        )
        await self._s3(
            c.put_bucket_encryption,
            Bucket=self.bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            },
        )
        await self._s3(
            c.put_bucket_lifecycle_configuration,
            Bucket=self.bucket,
            LifecycleConfiguration={
                "Rules": [
                    {
                        "ID": "expire-components",
                        "Filter": {"Prefix": "components/"},
                        "Status": "Enabled",
                        "Expiration": {"Days": expire_days},
                        "NoncurrentVersionExpiration": {"NoncurrentDays": expire_days},
                    }
                ]
            },
        )

    async def put(self, key: str, data: bytes) -> StoredArtifact:
        check_key(key)
        try:
            await self._put_object(key, data)
        except DependencyError as exc:
            log.warning("s3 put failed, keeping %s locally: %s", key, exc.message)
            self._metrics.fallbacks.labels("s3").inc()
            stored = await self.pending.put(key, data)
            self._metrics.deferred_writes.labels("s3").set(len(self.pending.list_keys()))
            return StoredArtifact(key, stored.url, len(data), "local", deferred=True)
        return StoredArtifact(key, await self.url(key), len(data), "s3")

    async def put_many(self, items: Sequence[tuple[str, bytes]]) -> list[StoredArtifact]:
        return list(await asyncio.gather(*(self.put(key, data) for key, data in items)))

    async def _put_object(self, key: str, data: bytes) -> None:
        await self._s3(
            self.client.put_object,
            Bucket=self.bucket,
            Key=key,
            Body=data,
            ContentType=content_type_for(key),
            ServerSideEncryption="AES256",
        )

    async def get(self, key: str) -> bytes | None:
        local = await self.pending.get(key)
        if local is not None:
            return local

        def read() -> bytes | None:
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
                return body.read()
            except self.client.exceptions.NoSuchKey:
                return None

        result: bytes | None = await self._s3(read)
        return result

    async def url(self, key: str) -> str:
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": check_key(key)},
            ExpiresIn=self._presign_seconds,
        )
        return url

    async def upload_pending(self) -> int:
        """Send what was kept locally while S3 was down; returns how many went up."""
        sent = 0
        for key in self.pending.list_keys():
            data = await self.pending.get(key)
            if data is None:
                continue
            try:
                await self._put_object(key, data)
            except DependencyError:
                break
            await self.pending.delete(key)
            sent += 1
        self._metrics.deferred_writes.labels("s3").set(len(self.pending.list_keys()))
        return sent


ArtifactStore = LocalArtifactStore | S3ArtifactStore
