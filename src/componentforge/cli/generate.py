"""`componentforge generate`: the generation pipeline in this process (no server needed), with a
line on stderr as each stage starts and ends, the files written to a folder."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Any, cast, get_args

import typer
from pydantic import ValidationError

from componentforge.api.errors import status_for
from componentforge.config import Settings
from componentforge.errors import ComponentForgeError, InvalidInputError
from componentforge.schemas.generation import (
    GenerationOptions,
    GenerationRequest,
    GenerationResult,
    Screenshot,
)
from componentforge.schemas.vocabulary import ComponentType, StageStatus


def _read_json(path: Path | None, what: str) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"{what} file {path}: {exc}") from None
    if not isinstance(value, dict):
        raise InvalidInputError(f"{what} file {path}: expected a JSON object")
    return value


async def _progress(stage: str, status: StageStatus, ms: float) -> None:
    if status == "start":
        typer.echo(f"  {stage} …", err=True)
    else:
        typer.echo(f"  {stage} done in {ms:.0f} ms", err=True)


async def _run(settings: Settings, work: Screenshot | GenerationRequest) -> GenerationResult:
    from componentforge.api.errors import describe
    from componentforge.infra.metrics import Metrics
    from componentforge.infra.resources import open_resources
    from componentforge.services.container import Services

    resources = await open_resources(settings, Metrics())
    services: Services | None = None
    try:
        services = await Services.start(resources, describe, run_jobs=0)
        generation = services.generation
        if isinstance(work, Screenshot):
            both = await generation.from_screenshot(work, progress=_progress)
            return both.generation
        return await generation.generate(work, progress=_progress)
    finally:
        if services is not None:
            await services.close()
        await resources.close()


def _refuse_early(settings: Settings, work: Screenshot | GenerationRequest) -> None:
    """What is wrong with the input is said before the pipeline starts (that takes seconds):
    an unreadable image, an unknown pattern, a name that clashes with a pattern file. The
    pipeline checks them again, as it does for every caller."""
    from componentforge.extraction.intake import read_image
    from componentforge.retrieval.library import PatternLibrary

    library = PatternLibrary.load(settings.patterns_dir)
    if isinstance(work, Screenshot):
        read_image(
            work.data,
            max_bytes=settings.extraction_max_image_bytes,
            max_pixels=settings.extraction_max_image_pixels,
        )
    elif work.pattern_id is not None:
        library.require(work.pattern_id)
    if work.component_name is not None:
        library.check_name(work.component_name)


def _write(result: GenerationResult, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in result.files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    report = result.model_dump(mode="json", exclude={"files"})
    (out / "generation.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return [*written, out / "generation.json"]


def generate(
    out: Annotated[Path, typer.Option(help="Folder the files are written to (created).")],
    screenshot: Annotated[
        Path | None, typer.Option(help="PNG, JPEG or WebP: extraction picks tokens and type.")
    ] = None,
    pattern: Annotated[str | None, typer.Option(help="Pattern id, e.g. shadcn-button.")] = None,
    query: Annotated[str | None, typer.Option(help="Let retrieval pick the pattern.")] = None,
    tokens: Annotated[Path | None, typer.Option(help="Design tokens, a JSON file.")] = None,
    requirements: Annotated[Path | None, typer.Option(help="Requirements, a JSON file.")] = None,
    name: Annotated[str | None, typer.Option(help="Component name (PascalCase).")] = None,
    component_type: Annotated[
        str | None,
        typer.Option(help="With --screenshot: the component's type, instead of classifying it."),
    ] = None,
    scale: Annotated[
        float | None,
        typer.Option(min=1, max=4, help="With --screenshot: image px per CSS px (2: retina)."),
    ] = None,
    stories: Annotated[bool, typer.Option(help="Write Storybook stories.")] = True,
    validate: Annotated[bool, typer.Option(help="Validate (TypeScript, ESLint, axe).")] = True,
    max_fix_rounds: Annotated[int, typer.Option(min=0, max=5)] = 2,
) -> None:
    """Generate a component from a screenshot, or from a pattern (or query) with tokens and
    requirements, and write its files to OUT."""
    from componentforge.cli.settings import settings_or_exit

    logging.disable(logging.WARNING)  # stdout is the summary; our stage lines go to stderr
    settings = settings_or_exit().model_copy(
        update={"validator_warm_up": False, "extraction_analysis": "threads"}
    )
    start = time.perf_counter()
    try:
        options = GenerationOptions(
            include_stories=stories, validate=validate, max_fix_rounds=max_fix_rounds
        )
        work: Screenshot | GenerationRequest
        if component_type is not None and component_type not in get_args(ComponentType):
            raise InvalidInputError(
                f"--component-type {component_type!r} is not one of "
                + ", ".join(get_args(ComponentType))
            )
        if (component_type or scale) and screenshot is None:
            raise InvalidInputError("--component-type and --scale go with --screenshot")
        if screenshot is not None:
            if pattern or query or tokens or requirements:
                raise InvalidInputError(
                    "--screenshot reads tokens and type from the image: "
                    "leave out --pattern, --query, --tokens, --requirements"
                )
            try:
                data = screenshot.read_bytes()
            except OSError as exc:
                raise InvalidInputError(f"cannot read {screenshot}: {exc.strerror}") from None
            work = Screenshot(
                data,
                component_type=cast(ComponentType | None, component_type),
                component_name=name,
                options=options,
                scale=scale,
            )
        else:
            work = GenerationRequest.model_validate(
                {
                    "pattern_id": pattern,
                    "query": query,
                    "component_name": name,
                    "tokens": _read_json(tokens, "tokens"),
                    "requirements": _read_json(requirements, "requirements"),
                    "options": options.model_dump(by_alias=True),
                }
            )
        _refuse_early(settings, work)
        result = asyncio.run(_run(settings, work))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors()
        )
        typer.echo(f"componentforge: invalid input: {problems}", err=True)
        raise typer.Exit(2) from None
    except ComponentForgeError as exc:
        typer.echo(f"componentforge: {exc.message}", err=True)
        raise typer.Exit(2 if status_for(exc) < 500 else 1) from None
    written = _write(result, out)
    status = result.validation.status if result.validation else "not validated"
    typer.echo(
        f"{result.component_name} from {result.pattern_id} ({result.engine}): {status}, "
        f"{time.perf_counter() - start:.1f} s"
    )
    for path in written:
        typer.echo(f"  {path}")
    for reason in result.degraded_reasons:
        typer.echo(f"degraded: {reason}", err=True)
    if result.validation is not None and result.validation.status == "FAIL":
        for tip in result.validation.recommendations:
            typer.echo(f"  - {tip}", err=True)
        sys.exit(3)
