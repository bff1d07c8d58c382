"""Image intake: check an upload is a real PNG, JPEG or WebP of a sane size, then decode it
upright in RGB. Measurements use the original pixels; the model gets a downscaled copy."""

from __future__ import annotations

import base64
import io
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

from componentforge.errors import BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError

ImageFormat = Literal["png", "jpeg", "webp"]
PIL_FORMATS: dict[ImageFormat, str] = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


@dataclass(frozen=True)
class Intake:
    format: ImageFormat
    width: int
    height: int
    pixels: NDArray[np.uint8]  # height x width x 3, RGB, upright, full resolution
    model_image: bytes  # PNG, longest side at most `model_max_side`
    model_scale: float  # model_image size / original size
    dpi: float | None = None  # the resolution the file declares (PNG pHYs, JFIF, EXIF)
    lossy: bool = False  # JPEG, or WebP's lossy (VP8) coding: edges and colours are noisy

    def model_data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.model_image).decode()


def sniff(data: bytes) -> ImageFormat | None:
    """The format from the first bytes, whatever the file's name or declared type says."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def read_image(
    data: bytes, *, max_bytes: int, max_pixels: int, model_max_side: int = 1024
) -> Intake:
    if not data:
        raise BadRequestError("the file is empty")
    if len(data) > max_bytes:
        raise PayloadTooLargeError(
            f"the image is {len(data)} bytes; the limit is {max_bytes}",
            {"max_bytes": max_bytes},
        )
    kind = sniff(data)
    if kind is None:
        raise UnsupportedMediaTypeError(
            "the file is not a PNG, JPEG or WebP image (checked from its bytes)",
            {"accepted": ["image/png", "image/jpeg", "image/webp"]},
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]])
            # The header alone says how many pixels decoding would make: check before decoding.
            if image.width * image.height > max_pixels:
                raise PayloadTooLargeError(
                    f"the image is {image.width}x{image.height} pixels; the limit is "
                    f"{max_pixels} pixels",
                    {"width": image.width, "height": image.height, "max_pixels": max_pixels},
                )
            image.load()
    except PayloadTooLargeError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard fires in open() for headers far beyond any limit we allow.
        raise PayloadTooLargeError(
            f"the image would decode to too many pixels (the limit is {max_pixels}): {exc}",
            {"max_pixels": max_pixels},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadRequestError(
            f"the {kind.upper()} image is truncated or corrupt: {exc}", {"format": kind}
        ) from None
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # an animated image: its first frame
    dpi = declared_dpi(image)
    rgb = _upright_rgb(image)
    del image  # each full-size copy is 3-4 bytes a pixel: hold as few as possible at once
    # The model's copy: an integer reduce (box filter, cheap) first, so no second full-size
    # image is made, then the exact fit.
    factor = max(1, min(rgb.width, rgb.height, max(rgb.size) // (2 * model_max_side)))
    copy = rgb.reduce(factor) if factor > 1 else rgb.copy()
    copy.thumbnail((model_max_side, model_max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="PNG", optimize=False)
    width, height = rgb.size
    pixels = np.asarray(rgb, dtype=np.uint8)
    return Intake(
        format=kind,
        width=width,
        height=height,
        pixels=pixels,
        model_image=buffer.getvalue(),
        model_scale=copy.width / width,
        dpi=dpi,
        lossy=kind == "jpeg" or (kind == "webp" and data[12:16] != b"VP8L"),
    )


def declared_dpi(image: Image.Image) -> float | None:
    """The horizontal resolution the file declares, in dots per inch: PNG's pHYs and JPEG's
    JFIF density (Pillow's `dpi`), else EXIF's XResolution (WebP, some JPEGs)."""
    found = image.info.get("dpi")
    try:
        if found:
            value = float(found[0])
        else:
            exif = image.getexif()
            raw = exif.get(282)  # XResolution
            if raw is None:
                return None
            value = float(raw) * (2.54 if exif.get(296) == 3 else 1.0)  # 3: per centimetre
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    return round(value, 1) if 0 < value < 10_000 else None


def _upright_rgb(image: Image.Image) -> Image.Image:
    """EXIF orientation applied; any mode (palette, grey, CMYK, 16-bit, alpha) to 8-bit RGB.
    Transparency is composited on white, as a screenshot tool shows it."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    if upright.mode in ("I;16", "I;16B", "I"):  # 16-bit grey: 0..65535 to 0..255
        array = np.asarray(upright, dtype=np.float64) / 257
        return Image.fromarray(array.clip(0, 255).round().astype(np.uint8)).convert("RGB")
    return upright.convert("RGB")
