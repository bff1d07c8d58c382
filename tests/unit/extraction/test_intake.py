"""Image intake: the format from the bytes, size and pixel limits, corrupt files, orientation
and colour modes. Every image is made here with Pillow."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from componentforge.errors import BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError
from componentforge.extraction.intake import read_image, sniff
from tests.support.drawing import png_header_only

LIMITS = {"max_bytes": 10 * 1024 * 1024, "max_pixels": 40_000_000}


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp")])
def test_each_accepted_format_is_read_at_full_size(fmt: str, kind: str) -> None:
    image = Image.new("RGB", (1280, 800), (37, 99, 235))
    intake = read_image(encode(image, fmt, quality=95), **LIMITS)
    assert (intake.format, intake.width, intake.height) == (kind, 1280, 800)
    assert intake.pixels.shape == (800, 1280, 3) and intake.pixels.dtype == np.uint8
    assert np.abs(intake.pixels[400, 640].astype(int) - [37, 99, 235]).max() <= 3
    model = Image.open(io.BytesIO(intake.model_image))
    assert model.size == (1024, 640) and intake.model_scale == pytest.approx(0.8)
    assert intake.model_data_url().startswith("data:image/png;base64,iVBOR")


def test_the_format_comes_from_the_bytes_not_the_name() -> None:
    assert sniff(b"GIF89a....") is None
    for data in (b"GIF89a" + b"\x00" * 50, b"<svg xmlns='http://www.w3.org/2000/svg'/>"):
        with pytest.raises(UnsupportedMediaTypeError, match="not a PNG, JPEG or WebP"):
            read_image(data, **LIMITS)
    with pytest.raises(BadRequestError, match="empty"):
        read_image(b"", **LIMITS)
    gif = encode(Image.new("RGB", (10, 10)), "GIF")
    with pytest.raises(UnsupportedMediaTypeError):
        read_image(gif, **LIMITS)


def test_size_and_pixel_limits() -> None:
    data = encode(Image.new("RGB", (64, 64), "white"), "PNG")
    with pytest.raises(PayloadTooLargeError, match="bytes; the limit is 10"):
        read_image(data, max_bytes=10, max_pixels=LIMITS["max_pixels"])
    bomb = png_header_only(100_000, 100_000)  # 10^10 pixels in a 100-byte file
    assert len(bomb) < 200
    with pytest.raises(PayloadTooLargeError, match="too many pixels") as caught:
        read_image(bomb, **LIMITS)
    assert caught.value.details["max_pixels"] == LIMITS["max_pixels"]
    with pytest.raises(PayloadTooLargeError, match="64x64 pixels; the limit is 4000") as caught:
        read_image(data, max_bytes=LIMITS["max_bytes"], max_pixels=4000)
    assert caught.value.details == {"width": 64, "height": 64, "max_pixels": 4000}


def test_truncated_and_corrupt_files_are_bad_requests() -> None:
    png = encode(Image.effect_noise((256, 256), 64).convert("RGB"), "PNG")
    with pytest.raises(BadRequestError, match="PNG image is truncated or corrupt"):
        read_image(png[: len(png) // 2], **LIMITS)
    jpeg = encode(Image.effect_noise((256, 256), 64).convert("RGB"), "JPEG")
    with pytest.raises(BadRequestError, match="JPEG image"):
        read_image(jpeg[:40], **LIMITS)
    with pytest.raises(BadRequestError):
        read_image(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, **LIMITS)
    with pytest.raises(BadRequestError):
        read_image(b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 20, **LIMITS)


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (40, 20), "white")
    image.paste((255, 0, 0), (0, 0, 10, 20))  # red on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: display turned 90° clockwise
    intake = read_image(encode(image, "JPEG", exif=exif, quality=95), **LIMITS)
    assert (intake.width, intake.height) == (20, 40)
    assert intake.pixels[2, 10, 0] > 200 and intake.pixels[2, 10, 1] < 60  # red is now on top


def test_colour_modes_become_rgb() -> None:
    rgba = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    rgba.putpixel((0, 0), (255, 0, 0, 255))
    pixels = read_image(encode(rgba, "PNG"), **LIMITS).pixels
    assert pixels[0, 0].tolist() == [255, 0, 0] and pixels[4, 4].tolist() == [255, 255, 255]

    grey = Image.new("L", (8, 8), 128)
    assert read_image(encode(grey, "PNG"), **LIMITS).pixels[0, 0].tolist() == [128] * 3

    palette = Image.new("RGB", (8, 8), (10, 200, 30)).convert("P", palette=Image.Palette.ADAPTIVE)
    assert read_image(encode(palette, "PNG"), **LIMITS).pixels[0, 0].tolist() == [10, 200, 30]

    deep = Image.fromarray(np.full((8, 8), 65535, dtype=np.uint16))
    assert read_image(encode(deep, "PNG"), **LIMITS).pixels[0, 0].tolist() == [255] * 3

    cmyk = Image.new("CMYK", (8, 8), (0, 0, 0, 0))
    assert read_image(encode(cmyk, "JPEG"), **LIMITS).pixels[0, 0].min() >= 250
