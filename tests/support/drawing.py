"""Components drawn with Pillow, with exactly known geometry and colours. Shapes are drawn at
4x and scaled down, so edges are anti-aliased as a browser's are; text uses Pillow's bundled
scalable font."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter, ImageFont

S = 4  # supersampling


class Canvas:
    def __init__(self, width: int = 640, height: int = 400, page: str = "#ffffff") -> None:
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * S, height * S), page)
        self.draw = ImageDraw.Draw(self.image)
        self.texts: list[tuple[tuple[int, int], str, str, int]] = []

    def box(
        self,
        x: int,
        y: int,
        w: int,
        h: int,
        *,
        fill: str | None,
        radius: float = 0,
        border: str | None = None,
        border_width: int = 1,
    ) -> None:
        r = min(radius, min(w, h) / 2) * S
        self.draw.rounded_rectangle(
            (x * S, y * S, (x + w) * S - 1, (y + h) * S - 1),
            radius=r,
            fill=fill,
            outline=border,
            width=border_width * S if border else 0,
        )

    def circle(
        self, x: int, y: int, d: int, *, fill: str | None, border: str | None = None, width: int = 2
    ) -> None:
        self.draw.ellipse(
            (x * S, y * S, (x + d) * S - 1, (y + d) * S - 1),
            fill=fill,
            outline=border,
            width=width * S if border else 0,
        )

    def line(self, points: list[tuple[int, int]], colour: str, width: int = 2) -> None:
        self.draw.line([(px * S, py * S) for px, py in points], fill=colour, width=width * S)

    def text(
        self, x: int, y: int, text: str, colour: str, size: int = 16, face: Path | None = None
    ) -> None:
        """In Pillow's bundled font: drawn at 1x after scaling, hinted at its own size. In
        `face` (a font file): outlines drawn large and scaled down with the shapes, smooth as
        a browser's subpixel-positioned text."""
        if face is None:
            self.texts.append(((x, y), text, colour, size))
        else:
            self.draw.text((x * S, y * S), text, fill=colour, font=font_of(face, size * S))

    def shadow(self, x: int, y: int, w: int, h: int, offset: int, blur: int, alpha: int) -> None:
        layer = Image.new("L", self.image.size, 0)
        ImageDraw.Draw(layer).rectangle(
            (x * S, (y + offset) * S, (x + w) * S - 1, (y + h + offset) * S - 1), fill=alpha
        )
        layer = layer.filter(ImageFilter.GaussianBlur(blur * S))
        black = Image.new("RGB", self.image.size, "#000000")
        self.image = Image.composite(black, self.image, layer)
        self.draw = ImageDraw.Draw(self.image)

    def render(self) -> Image.Image:
        out = self.image.resize((self.width, self.height), Image.Resampling.BOX)
        draw = ImageDraw.Draw(out)
        for (x, y), text, colour, size in self.texts:
            draw.text((x, y), text, fill=colour, font=ImageFont.load_default(size=size))
        return out

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.render().save(buffer, format="PNG")
        return buffer.getvalue()


def font_of(face: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(face), size)


def text_width(text: str, size: int) -> int:
    left, _, right, _ = ImageFont.load_default(size=size).getbbox(text)
    return int(right - left)


ACCENT = "#2563eb"
INK = "#111827"
LINE = "#d4d4d8"


def button(c: Canvas) -> None:
    c.box(200, 180, 140, 40, fill=ACCENT, radius=8)
    c.text(200 + (140 - text_width("Continue", 16)) // 2, 190, "Continue", "#ffffff")


def badge(c: Canvas) -> None:
    c.box(280, 190, 60, 22, fill=ACCENT, radius=11)
    c.text(288, 193, "Paid", "#ffffff", 13)


def card(c: Canvas) -> None:
    c.box(150, 100, 340, 150, fill="#ffffff", radius=12, border=LINE)
    c.text(174, 124, "Team settings", INK, 22)
    c.text(174, 164, "Manage members and billing", INK, 15)
    c.text(174, 188, "for your whole workspace.", INK, 15)


def input_(c: Canvas) -> None:
    c.box(180, 180, 280, 40, fill="#ffffff", radius=6, border=LINE)
    c.text(194, 191, "name@example.com", INK, 15)


def select(c: Canvas) -> None:
    input_(c)
    c.line([(432, 196), (438, 202), (444, 196)], INK, 2)


def textarea(c: Canvas) -> None:
    c.box(180, 120, 280, 120, fill="#ffffff", radius=6, border=LINE)
    c.text(192, 130, "Tell us a little about", INK, 15)
    c.text(192, 150, "yourself and your team.", INK, 15)


def alert(c: Canvas) -> None:
    c.box(120, 160, 400, 70, fill="#ffffff", radius=8, border=LINE)
    c.circle(136, 174, 18, fill=None, border=INK, width=2)
    c.text(168, 174, "Heads up!", INK, 15)
    c.text(168, 198, "You can add components to your app.", INK, 15)


def checkbox(c: Canvas) -> None:
    c.box(240, 190, 18, 18, fill=ACCENT, radius=3)
    c.line([(244, 199), (248, 203), (254, 194)], "#ffffff", 2)
    c.text(270, 190, "Accept terms", INK, 15)


def switch(c: Canvas) -> None:
    c.box(230, 188, 44, 24, fill=ACCENT, radius=12)
    c.circle(252, 190, 20, fill="#ffffff")
    c.text(286, 191, "Airplane mode", INK, 15)


def radio_group(c: Canvas) -> None:
    for i, label in enumerate(["Default", "Comfortable", "Compact"]):
        y = 150 + i * 32
        c.circle(240, y, 18, fill=None, border=ACCENT, width=2)
        if i == 0:
            c.circle(245, y + 5, 8, fill=ACCENT)
        c.text(270, y, label, INK, 15)


def avatar(c: Canvas) -> None:
    c.circle(290, 170, 56, fill=ACCENT)
    c.text(290 + (56 - text_width("JC", 18)) // 2, 187, "JC", "#ffffff", 18)


def tabs(c: Canvas) -> None:
    c.box(170, 180, 300, 40, fill="#f4f4f5", radius=8)
    c.box(174, 184, 96, 32, fill=ACCENT, radius=6)
    for x, label, colour in (
        (188, "Account", "#ffffff"),
        (286, "Password", INK),
        (384, "Billing", INK),
    ):
        c.text(x, 191, label, colour, 15)


def progress(c: Canvas) -> None:
    c.box(160, 196, 320, 8, fill="#e4e4e7", radius=4)
    c.box(160, 196, 192, 8, fill=ACCENT, radius=4)


def slider(c: Canvas) -> None:
    c.box(160, 197, 320, 6, fill="#e4e4e7", radius=3)
    c.box(160, 197, 160, 6, fill=ACCENT, radius=3)
    c.circle(310, 190, 20, fill="#ffffff", border=ACCENT, width=2)


def table(c: Canvas) -> None:
    c.box(110, 100, 420, 170, fill="#ffffff", border=LINE)
    rows = [("Invoice", "Status", "Amount"), ("INV001", "Paid", "$250"), ("INV002", "Open", "$150")]
    for i, row in enumerate(rows):
        y = 100 + i * 42
        if i:
            c.box(111, y, 418, 1, fill=LINE)
        for j, cell in enumerate(row):
            c.text(128 + j * 140, y + 12, cell, INK, 15)
    c.box(111, 226, 418, 1, fill=LINE)
    c.text(128, 238, "INV003", INK, 15)


def dialog(c: Canvas) -> None:
    c.shadow(120, 80, 400, 220, 10, 8, 40)
    c.box(120, 80, 400, 220, fill="#ffffff", radius=12, border=LINE)
    c.text(144, 104, "Edit profile", INK, 20)
    c.text(144, 140, "Make changes to your profile here.", INK, 15)
    c.text(144, 162, "Click save when you are done.", INK, 15)
    c.box(376, 240, 120, 36, fill=ACCENT, radius=6)
    c.text(392, 249, "Save changes", "#ffffff", 14)


DRAWINGS: dict[str, Callable[[Canvas], None]] = {
    "button": button,
    "badge": badge,
    "card": card,
    "input": input_,
    "select": select,
    "textarea": textarea,
    "alert": alert,
    "checkbox": checkbox,
    "switch": switch,
    "radio-group": radio_group,
    "avatar": avatar,
    "tabs": tabs,
    "progress": progress,
    "slider": slider,
    "table": table,
    "dialog": dialog,
}


def component_png(kind: str, page: str = "#ffffff") -> bytes:
    canvas = Canvas(page=page)
    DRAWINGS[kind](canvas)
    return canvas.png()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with one tiny compressed row of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def dark_tabs() -> Canvas:
    """Dark tabs, the first highlighted; the next label starts 18 px after the highlight (the
    detector boxes the two as one). The highlight is at (20, 20), 92 x 32."""
    c = Canvas(340, 90, page="#121014")
    c.box(16, 16, 260, 40, fill="#201f25", radius=6)
    c.box(20, 20, 92, 32, fill="#92279b", radius=5)
    c.text(32, 28, "Analytics", "#ffffff", 15)
    c.text(130, 28, "Billing", "#e5e5e5", 15)
    c.text(206, 28, "Reports", "#e5e5e5", 15)
    return c


def project_card(k: int = 1) -> Canvas:
    """A bordered card: title, description and a filled button, every length times k."""
    c = Canvas(420 * k, 220 * k, page="#ffffff")
    c.box(
        20 * k,
        20 * k,
        380 * k,
        180 * k,
        fill="#ffffff",
        radius=8 * k,
        border="#d4d4d8",
        border_width=k,
    )
    c.text(44 * k, 44 * k, "Create project", "#09090b", 20 * k)
    c.text(44 * k, 80 * k, "Deploy your new project in one click.", "#52525b", 15 * k)
    c.box(44 * k, 128 * k, 110 * k, 40 * k, fill="#18181b", radius=6 * k)
    c.text(
        44 * k + (110 * k - text_width("Deploy", 15 * k)) // 2, 139 * k, "Deploy", "#fafafa", 15 * k
    )
    return c


def gradient_button(start: str, end: str, *, vertical: bool = False) -> NDArray[np.uint8]:
    """A 200x44 button filled with a linear gradient, with a white label."""
    c = Canvas(320, 140, page="#ffffff")
    c.text(130, 60, "Continue", "#000000", 16)
    image = np.asarray(c.render()).copy()
    a = np.array(Image.new("RGB", (1, 1), start).getpixel((0, 0)), dtype=np.float64)
    b = np.array(Image.new("RGB", (1, 1), end).getpixel((0, 0)), dtype=np.float64)
    h, w = 44, 200
    t = np.linspace(0, 1, h if vertical else w)
    ramp = a + (b - a) * t[:, None]
    fill = np.repeat(ramp[:, None, :], w, axis=1) if vertical else np.repeat(ramp[None], h, axis=0)
    # The label was drawn black on white: its coverage paints it white on the fill.
    cover = 1 - image[48:92, 60:260].astype(np.float64).mean(axis=-1, keepdims=True) / 255
    image[48:92, 60:260] = (fill * (1 - cover) + 255 * cover).round()
    return image
