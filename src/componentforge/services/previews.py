"""The preview's images as artifacts, and the visual check against the reference image: what
the validator's browser rendered becomes `preview.png` (and one PNG per story) beside the
report, and the comparison's input, preview and difference images too."""

from __future__ import annotations

import asyncio
import base64
import binascii
import io
import re

from PIL import Image, UnidentifiedImageError

from componentforge.errors import InvalidInputError
from componentforge.infra.storage import ArtifactStore
from componentforge.schemas.extraction import ExtractionResult
from componentforge.schemas.report_parts import PaintedContrast
from componentforge.schemas.validation import (
    Preview,
    PreviewImage,
    ValidationReport,
    VisualCheck,
)
from componentforge.validation.answer import PreviewAnswer, StoryCapture
from componentforge.validation.visual import Reference, Rendered, compare

MAX_REFERENCE_PIXELS = 16_000_000


def reference_from(data_base64: str, scale: float, text: str | None = None) -> Reference:
    """A caller's reference image (base64), checked to be an image we can read."""
    try:
        data = base64.b64decode(data_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInputError(
            "reference_image is not valid base64", {"field": "reference_image"}
        ) from exc
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG", "WEBP"):
                raise InvalidInputError(
                    "reference_image must be a PNG, JPEG or WebP",
                    {"field": "reference_image", "format": image.format},
                )
            if image.width * image.height > MAX_REFERENCE_PIXELS:
                raise InvalidInputError(
                    f"reference_image has {image.width}x{image.height} pixels; "
                    f"the limit is {MAX_REFERENCE_PIXELS}",
                    {"field": "reference_image"},
                )
            image.load()  # a truncated or corrupt file fails here, not in the comparison
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidInputError(
            "reference_image is not an image we can read", {"field": "reference_image"}
        ) from exc
    return Reference(image=data, scale=scale, text=text)


def _cut(
    capture: bytes, stories: list[StoryCapture], scale: float, margin: float
) -> list[bytes | None]:
    """Each story's PNG, cut from the one capture of the page: its box and `margin` around."""
    out: list[bytes | None] = []
    with Image.open(io.BytesIO(capture)) as page:
        page.load()
        for item in stories:
            box = item.box
            if box is None:
                out.append(None)
                continue
            left, top = box.cut_origin(margin, scale)
            right = min(page.width, round((box.x + box.width + margin) * scale))
            bottom = min(page.height, round((box.y + box.height + margin) * scale))
            buffer = io.BytesIO()
            page.crop((left, top, max(left + 1, right), max(top + 1, bottom))).save(buffer, "PNG")
            out.append(buffer.getvalue())
    return out


def _slug(story: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "", story)[:48] or "story"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


async def look(
    artifacts: ArtifactStore,
    report_id: str,
    raw: PreviewAnswer | None,
    reference: Reference | None,
) -> tuple[Preview | None, VisualCheck | None]:
    """The stored preview, and the visual check when there is a reference to compare with."""
    if raw is None:
        return None, None
    if not raw.ok:
        status = "skipped" if raw.unavailable else "failed"
        return Preview(status=status, reason=str(raw.error)[:500], ms=raw.ms), None
    base = f"reports/{report_id}"
    scale, margin = raw.scale or 1.0, raw.margin
    capture = base64.b64decode(raw.png) if raw.png else b""
    stories = raw.images
    cuts = await asyncio.to_thread(_cut, capture, stories, scale, margin) if capture else []
    taken: set[str] = set()
    files: list[tuple[str, bytes]] = []
    images: list[PreviewImage] = []
    first: Rendered | None = None
    for index, (item, png) in enumerate(zip(stories, cuts or [None] * len(stories), strict=True)):
        story = item.story[:100]
        box = item.box
        if png is None or box is None:
            images.append(PreviewImage(story=story, error=str(item.error)[:500]))
            continue
        name = "preview.png" if index == 0 else f"preview-{_slug(story, taken)}.png"
        files.append((f"{base}/{name}", png))
        images.append(PreviewImage(story=story, width=box.width, height=box.height, text=item.text))
        if index == 0:
            # where the component is in its cut
            left, top = box.cut_origin(margin, scale)
            first = Rendered(
                png=png,
                box=(box.x - left / scale, box.y - top / scale, box.width, box.height),
                text=item.text,
                scale=scale,
            )
    stored = await artifacts.put_many(files)
    urls = iter(s.url for s in stored)
    for image in images:
        if image.error is None:
            image.url = next(urls)
    audit = raw.contrast
    preview = Preview(
        status="rendered",
        images=images,
        scale=scale,
        ms=raw.ms,
        render_ms=raw.render_ms,
        contrast_checked=audit.checked if audit is not None else None,
        contrast_violations=[
            PaintedContrast(story=a.story[:100], **v.model_dump())
            for a in (audit.stories if audit is not None else [])
            for v in a.violations
        ][:50],
        network_isolated=raw.network_isolated,
    )
    if reference is None or first is None:
        return preview, None
    visual = await asyncio.to_thread(compare, reference, first)
    kept = await artifacts.put_many(
        [(f"{base}/visual-{name}.png", data) for name, data in visual.images.items()]
    )
    urls_by_name = {name: s.url for name, s in zip(visual.images, kept, strict=True)}
    return preview, VisualCheck.model_validate({**visual.summary(), "images": urls_by_name})


def reference_of(image: bytes, extracted: ExtractionResult) -> Reference:
    """The screenshot a generation started from, with the component's box (its own part, or
    all its parts together) and the text extraction read."""
    parts = extracted.anatomy
    own = next((p.box for p in parts if p.role in ("component", "track")), None)
    box = None
    if own is not None:
        box = (own.x, own.y, own.width, own.height)
    elif parts:
        x0, y0 = min(p.box.x for p in parts), min(p.box.y for p in parts)
        x1 = max(p.box.x + p.box.width for p in parts)
        y1 = max(p.box.y + p.box.height for p in parts)
        box = (x0, y0, x1 - x0, y1 - y0)
    scale = extracted.scale.factor if extracted.scale is not None else 1.0
    text = extracted.content.text if extracted.content is not None else None
    return Reference(image=image, scale=scale, box=box, text=text)


def previews(report: ValidationReport | None) -> dict[str, str]:
    """The preview images' URLs, named as artifacts are."""
    if report is None or report.preview is None:
        return {}
    return {url.rsplit("/", 1)[1]: url for url in (i.url for i in report.preview.images) if url}
