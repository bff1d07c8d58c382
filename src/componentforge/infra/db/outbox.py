"""Metadata writes that survive a database outage: kept in a local outbox, replayed later."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from componentforge.errors import DependencyError
from componentforge.infra.breaker import Breakers
from componentforge.infra.db.models import (
    Base,
    CacheStat,
    CostRow,
    Generation,
    UTCDateTime,
    ValidationReportRow,
)
from componentforge.infra.db.rows import Table, Values
from componentforge.infra.metrics import Metrics

log = logging.getLogger(__name__)
TABLES: dict[Table, type[Base]] = {
    "generations": Generation,
    "cache_stats": CacheStat,
    "costs": CostRow,
    "validation_reports": ValidationReportRow,
}


class MetadataStore:
    """Writes a row now if the database answers, else appends it to an outbox file.

    Nothing is lost: `replay()` (run periodically by the app) writes the kept rows once the
    database is back. Rows with a natural id are merged, so a replay can safely repeat.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        breakers: Breakers,
        metrics: Metrics,
        outbox_dir: Path,
        timeout: float,
    ) -> None:
        self.sessions = sessions
        self._breakers = breakers
        self._metrics = metrics
        self._timeout = timeout
        outbox_dir.mkdir(parents=True, exist_ok=True)
        self.directory = outbox_dir
        # One file per process, so workers sharing DATA_DIR never write the same file.
        self.outbox = outbox_dir / f"outbox-{os.getpid()}.jsonl"
        self._lock = asyncio.Lock()  # guards our file
        self._replaying = asyncio.Lock()  # one replay at a time
        breakers.register("database")
        self.adopt_orphans()
        self._metrics.deferred_writes.labels("database").set(self.pending_count())

    def adopt_orphans(self) -> None:
        """Take over the outboxes of processes that are gone (a restart, a dead worker)."""
        me = os.getpid()
        for path in self.directory.glob("outbox-*.jsonl"):
            owner = int(path.stem.split("-")[1])
            if owner == me or _alive(owner):
                continue
            with contextlib.suppress(FileNotFoundError):  # another worker adopted it first
                path.rename(self.directory / f"outbox-{me}-{path.stem}.jsonl")

    def _files(self) -> list[Path]:
        """Our files: adopted ones first (older), then our own."""
        mine = sorted(self.directory.glob(f"outbox-{os.getpid()}-*.jsonl"))
        return [*mine, self.outbox] if self.outbox.exists() else mine

    async def add(self, table: Table, values: Values) -> Literal["written", "deferred"]:
        return await self.add_many(table, [values])

    async def add_many(
        self, table: Table, rows: Sequence[Values], *, fresh: bool = False
    ) -> Literal["written", "deferred"]:
        """Write rows in one transaction; if the database cannot take them, all go to the
        outbox (a busy service writes its records in batches rather than one commit each).
        `fresh`: the ids are new, so plain INSERTs (replays merge, to be idempotent)."""
        model = TABLES[table]
        try:
            await self._write(model, rows, fresh=fresh)
        except DependencyError as exc:
            await self._keep(table, rows)
            log.warning(
                "database write deferred to the outbox",
                extra={
                    "table": table,
                    "rows": len(rows),
                    "reason": exc.message,
                    "outbox": str(self.outbox),
                },
            )
            self._metrics.fallbacks.labels("database").inc()
            return "deferred"
        return "written"

    async def _write(
        self, model: type[Base], rows: Sequence[Mapping[str, Any]], *, fresh: bool = False
    ) -> None:
        async def write() -> None:
            async with self.sessions() as session:
                for values in rows:
                    row = model(**values)
                    if "id" in values and not fresh:
                        await session.merge(row)
                    else:
                        session.add(row)
                await session.commit()

        await self._breakers.call("database", write, timeout=self._timeout)

    async def _keep(self, table: Table, rows: Sequence[Values]) -> None:
        lines = "".join(
            json.dumps({"table": table, "values": values}, default=_encode) + "\n"
            for values in rows
        )
        async with self._lock:
            await asyncio.to_thread(_append, self.outbox, lines)
            self._metrics.deferred_writes.labels("database").set(self.pending_count())

    def pending_count(self) -> int:
        count = 0
        for path in self._files():
            with contextlib.suppress(FileNotFoundError), path.open("rb") as f:
                count += sum(1 for _ in f)
        return count

    async def replay(self) -> int:
        """Write what our outbox files hold; stop at the first failure. Returns rows written."""
        async with self._replaying:
            written = 0
            for path in self._files():
                done, complete = await self._replay_file(path)
                written += done
                if not complete:
                    break
            left = self.pending_count()
            self._metrics.deferred_writes.labels("database").set(left)
            if written:
                log.info("outbox replayed", extra={"rows": written, "left": left})
            return written

    async def _replay_file(self, path: Path) -> tuple[int, bool]:
        """Appends go on while rows are written: the lock is held only to read and to rewrite,
        and a replay removes lines from the front only, so lines appended meanwhile stay."""
        async with self._lock:
            lines = (await asyncio.to_thread(path.read_text)).splitlines()
        written = 0
        for line in lines:
            entry = json.loads(line)
            model = TABLES[entry["table"]]
            try:
                await self._write(model, [_decode(model, entry["values"])])
            except DependencyError:
                break
            written += 1
        if written:
            async with self._lock:
                rest = (await asyncio.to_thread(path.read_text)).splitlines()[written:]
                await asyncio.to_thread(_replace, path, "".join(f"{ln}\n" for ln in rest))
        return written, written == len(lines)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot keep {type(value).__name__} in the outbox")


def _decode(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(values)
    for column in model.__table__.columns:
        if isinstance(column.type, UTCDateTime) and isinstance(decoded.get(column.key), str):
            decoded[column.key] = datetime.fromisoformat(decoded[column.key])
    return decoded


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line)
        f.flush()


def _replace(path: Path, text: str) -> None:
    if not text:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_suffix(".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
