"""API keys: the ones in settings (each its own tenant) and the ones in the database.

`componentforge keys create` stores a key's SHA-256 digest, never the key. Look-ups are
cached for a few seconds, so a request costs no query; a revoked key stops working within
that time. `last_used_at` is written at most once a minute per key, off the request's path.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, ProgrammingError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from componentforge.errors import DependencyError, InvalidInputError, NotFoundError
from componentforge.infra.db.models import ApiKey, utcnow
from componentforge.tenancy import TENANT_NAME, Principal, key_digest, static_key_tenant

log = logging.getLogger(__name__)
LOOKUP_SECONDS = 5.0
TOUCH_SECONDS = 60.0
UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE for a table that does not exist


@dataclass(frozen=True)
class KeyInfo:
    id: str
    name: str
    tenant: str
    admin: bool
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class KeyStore:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], static_digests: frozenset[str]
    ) -> None:
        self._sessions = sessions
        self._static = {bytes.fromhex(d): static_key_tenant(d) for d in static_digests}
        self._found: dict[str, tuple[float, Principal | None]] = {}
        self._touched: dict[str, float] = {}
        self._any: tuple[float, bool] | None = None
        self._background: set[asyncio.Task[None]] = set()

    async def enabled(self) -> bool:
        """Keys are on when settings name some or the database holds an active one."""
        if self._static:
            return True
        now = time.monotonic()
        if self._any is not None and now - self._any[0] < LOOKUP_SECONDS:
            return self._any[1]
        try:
            async with self._sessions() as session:
                count = await session.scalar(
                    select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))
                )
        except ProgrammingError as exc:
            if getattr(exc.orig, "sqlstate", None) != UNDEFINED_TABLE:
                raise DependencyError("database", "cannot read the API keys") from exc
            count = 0  # not migrated yet (PostgreSQL): `keys create` cannot have stored any
        except (SQLAlchemyError, OSError) as exc:
            if self._any is not None:  # the database is down: keep what we last knew
                return self._any[1]
            raise DependencyError("database", "cannot read the API keys") from exc
        self._any = (now, bool(count))
        return self._any[1]

    async def principal(self, key: str) -> Principal | None:
        """The principal a key stands for, or None for an unknown or revoked key."""
        digest = key_digest(key)
        raw = bytes.fromhex(digest)
        tenant = None
        for known, name in self._static.items():  # no early exit: constant time
            if hmac.compare_digest(raw, known):
                tenant = name
        if tenant is not None:
            return Principal(tenant, key_name=tenant)
        now = time.monotonic()
        cached = self._found.get(digest)
        if cached is not None and now - cached[0] < LOOKUP_SECONDS:
            found = cached[1]
        else:
            try:
                async with self._sessions() as session:
                    row = await session.scalar(
                        select(ApiKey).where(ApiKey.digest == digest, ApiKey.revoked_at.is_(None))
                    )
            except (SQLAlchemyError, OSError) as exc:
                if cached is not None:
                    return cached[1]
                raise DependencyError("database", "cannot verify the API key") from exc
            found = Principal(row.tenant, row.name, row.admin) if row else None
            if len(self._found) > 10_000:
                self._found.clear()
            self._found[digest] = (now, found)
        if found is not None and now - self._touched.get(digest, 0.0) > TOUCH_SECONDS:
            self._touched[digest] = now
            task = asyncio.create_task(self._touch(digest))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return found

    async def _touch(self, digest: str) -> None:
        try:
            async with self._sessions() as session:
                await session.execute(
                    update(ApiKey).where(ApiKey.digest == digest).values(last_used_at=utcnow())
                )
                await session.commit()
        except (SQLAlchemyError, OSError) as exc:
            log.info("last_used_at not written: %s", type(exc).__name__)

    async def create(self, name: str, tenant: str | None, admin: bool) -> tuple[str, KeyInfo]:
        """A new key (returned once, never stored) and its record."""
        tenant = tenant or name.lower()
        if not TENANT_NAME.match(tenant) or not TENANT_NAME.match(name.lower()):
            raise InvalidInputError(
                "names and tenants are 1-64 of a-z, 0-9, '.', '_', '-' (starting with a "
                "letter or digit)"
            )
        key = "cf_" + secrets.token_urlsafe(32)
        row = ApiKey(name=name, tenant=tenant, digest=key_digest(key), admin=admin)
        try:
            async with self._sessions() as session:
                session.add(row)
                await session.commit()
                await session.refresh(row)
        except IntegrityError:
            raise InvalidInputError(f"a key named {name!r} exists already") from None
        return key, _info(row)

    async def list(self) -> list[KeyInfo]:
        async with self._sessions() as session:
            rows = await session.scalars(select(ApiKey).order_by(ApiKey.created_at, ApiKey.name))
            return [_info(r) for r in rows]

    async def revoke(self, name: str) -> KeyInfo:
        async with self._sessions() as session:
            row = await session.scalar(select(ApiKey).where(ApiKey.name == name))
            if row is None:
                raise NotFoundError(f"no key named {name!r}")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                await session.commit()
                await session.refresh(row)
            return _info(row)


def _info(row: ApiKey) -> KeyInfo:
    return KeyInfo(
        row.id, row.name, row.tenant, row.admin, row.created_at, row.last_used_at, row.revoked_at
    )
