"""Rows written after the answer, a batch per transaction, so a burst of cache hits costs a
few commits rather than one each."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.db.rows import Table, Values

log = logging.getLogger(__name__)
# Rows per transaction: enough to keep up with hundreds a second, few enough that one commit
# stays well inside DATABASE_TIMEOUT_SECONDS on SQLite.
BATCH_ROWS = 200


class BatchedWriter:
    def __init__(self, records: MetadataStore, table: Table, batch_rows: int = BATCH_ROWS) -> None:
        self._records = records
        self._table = table
        self._batch_rows = batch_rows
        self._queued: list[Values] = []
        self._writer: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[Any]] = set()

    def add(self, row: Values) -> None:
        """Queue a row; one writer task writes what has queued up."""
        self._queued.append(row)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued())
            self._background.add(self._writer)
            self._writer.add_done_callback(self._background.discard)

    async def _write_queued(self) -> None:
        while self._queued:
            rows = self._queued[: self._batch_rows]
            self._queued = self._queued[self._batch_rows :]
            try:
                await self._records.add_many(self._table, rows, fresh=True)
            except Exception:  # the outbox itself failed (a full disk): say so, do not crash
                log.exception("%s records lost", self._table, extra={"rows": len(rows)})

    async def drain(self) -> None:
        """Wait for the rows still being written (shutdown, tests)."""
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
