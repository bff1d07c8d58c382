"""`componentforge worker`: run jobs from the queue, as many processes and machines as you like."""

from __future__ import annotations

import asyncio
import signal
from typing import Annotated

import typer

from componentforge.cli.database import upgrade
from componentforge.cli.settings import settings_or_exit
from componentforge.config import Settings


def worker(
    concurrency: Annotated[
        int, typer.Option(help="Jobs this process runs at once.", min=1, max=32)
    ] = 2,
    grace: Annotated[
        float,
        typer.Option(
            help="Seconds running jobs get to finish on SIGTERM before they are "
            "handed back to the queue.",
            min=0,
        ),
    ] = 30.0,
    metrics_port: Annotated[
        int | None, typer.Option(help="Serve this worker's Prometheus metrics on this port.")
    ] = None,
    metrics_host: Annotated[
        str, typer.Option(help="Interface for --metrics-port (0.0.0.0 in a container).")
    ] = "127.0.0.1",
) -> None:
    """Take jobs from NATS JetStream (JOBS_BROKER_URL) or, without a broker, from the queue in
    the metadata database, and run them until SIGTERM or SIGINT."""
    settings = settings_or_exit()
    if settings.migrate_on_start:
        upgrade(settings, "head")
    asyncio.run(_work(settings, concurrency, grace, metrics_port, metrics_host))


async def _work(
    settings: Settings, concurrency: int, grace: float, metrics_port: int | None, host: str
) -> None:
    from prometheus_client import start_http_server

    from componentforge.api.errors import describe
    from componentforge.infra.heap import freeze_startup_heap
    from componentforge.infra.logging import configure_logging
    from componentforge.infra.metrics import Metrics, forget_process
    from componentforge.infra.resources import open_resources
    from componentforge.services.container import Services

    configure_logging(settings.log_level, settings.log_json)
    metrics = Metrics()
    if metrics_port is not None:
        start_http_server(metrics_port, addr=host, registry=metrics.registry)
    resources = await open_resources(settings, metrics)
    services: Services | None = None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        services = await Services.start(resources, describe, run_jobs=concurrency)
        assert services.runner is not None
        freeze_startup_heap()
        typer.echo(
            f"worker {services.runner.name}: {concurrency} at a time from "
            f"{services.jobs.broker.name}",
            err=True,
        )
        await stop.wait()
    finally:
        if services is not None:
            await services.close(grace)
        await resources.close()
        forget_process()
