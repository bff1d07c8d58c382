"""Labelled component screenshots for the extraction benchmark: real HTML/CSS with known
tokens, one component per page, rendered at 1280x800 by headless Chromium.

Labels follow the field definitions of the extraction dev set: `primary` is the accent fill
(a filled button's fill, the ticked box, the switch track, the indicator, the active tab);
`background` the component's own surface (the page for controls drawn on it, the track for a
progress bar); `foreground` the main text; `padding` the CSS padding of the padded box.
"""

from __future__ import annotations

import colorsys
import random
from collections.abc import Callable
from dataclasses import dataclass

FONTS = ["DejaVu Sans", "Liberation Sans"]
PAGES = ["#ffffff", "#fafafa", "#f8fafc", "#f4f4f5"]
DARK_PAGES = ["#0a0a0a", "#09090b", "#111827"]
SHADOWS = {
    "none": "none",
    "sm": "0 1px 2px 0 rgb(0 0 0 / 0.08)",
    "md": "0 4px 6px -1px rgb(0 0 0 / 0.12), 0 2px 4px -2px rgb(0 0 0 / 0.12)",
}


@dataclass
class Sample:
    name: str
    component_type: str
    html: str
    colors: dict[str, str | None]
    radius: float | None
    font_size: float | None
    font_weight: int | None
    padding: tuple[float, float] | None  # x, y
    shadow: str = "none"


@dataclass(frozen=True)
class Draw:
    """One sample's seeded choices; a builder may override any of them for its type."""

    rng: random.Random
    name: str
    page: str
    font: str
    size: int
    weight: int
    accent: str
    radius: int
    text: str
    shadow: str
    dark: bool

    def sample(
        self,
        component_type: str,
        html: str,
        colors: dict[str, str | None],
        radius: float | None,
        font_size: float | None,
        font_weight: int | None,
        padding: tuple[float, float] | None,
        shadow: str = "none",
    ) -> Sample:
        """The component on its page, labelled (the page colour is always a label)."""
        return Sample(
            self.name,
            component_type,
            _page(html, self.page, self.font),
            {**colors, "page_background": self.page},
            radius,
            font_size,
            font_weight,
            padding,
            shadow,
        )


Builder = Callable[[Draw], Sample]


def _hex(h: float, s: float, v: float) -> str:
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


def _accent(rng: random.Random) -> str:
    return _hex(rng.random(), rng.uniform(0.55, 0.9), rng.uniform(0.45, 0.85))


def _text_on(fill: str) -> str:
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#0a0a0a" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def _near(rng: random.Random, base: str, spread: int) -> str:
    values = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    shifted = [min(255, max(0, v + rng.randint(-spread, spread))) for v in values]
    return "#" + "".join(f"{v:02x}" for v in shifted)


def _page(body: str, page: str, font: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"html,body{{margin:0;height:100%;background:{page};font-family:'{font}';}}"
        "body{display:flex;align-items:center;justify-content:center;}"
        "*{box-sizing:border-box;}</style></head><body>"
        f"{body}</body></html>"
    )


def _font(size: float, weight: int) -> str:
    return f"font-size:{size}px;font-weight:{weight};line-height:normal;"


def make(component_type: str, index: int, seed: int = 7) -> Sample:
    rng = random.Random(f"{seed}-{component_type}-{index}")
    dark = index % 4 == 3 and component_type in ("card", "input", "select", "textarea", "tabs")
    page = rng.choice(DARK_PAGES if dark else PAGES)
    font = rng.choice(FONTS)
    size = rng.choice([12, 13, 14, 15, 16, 18])
    weight = rng.choice([400, 500, 600, 700])
    accent = _accent(rng)
    radius = rng.choice([0, 2, 4, 6, 8, 12])
    text = "#0a0a0a" if not dark else "#f4f4f5"
    text = _near(rng, text, 24)
    shadow = rng.choice(["none", "none", "sm", "md"]) if not dark else "none"
    name = f"{component_type}-{index}"
    build = BUILDERS[component_type]
    return build(Draw(rng, name, page, font, size, weight, accent, radius, text, shadow, dark))


def _button(d: Draw) -> Sample:
    px, py = d.rng.choice([12, 16, 20, 24]), d.rng.choice([6, 8, 10, 12])
    fg = _text_on(d.accent)
    label = d.rng.choice(["Save changes", "Continue", "Delete", "Sign in", "Upload file"])
    html = (
        f"<button style='background:{d.accent};color:{fg};border:0;border-radius:{d.radius}px;"
        f"padding:{py}px {px}px;{_font(d.size, d.weight)}font-family:inherit;"
        f"box-shadow:{SHADOWS[d.shadow]}'>{label}</button>"
    )
    colors = {"primary": d.accent, "background": d.accent, "foreground": fg, "border": None}
    return d.sample("button", html, colors, d.radius, d.size, d.weight, (px, py), d.shadow)


def _badge(d: Draw) -> Sample:
    size = d.rng.choice([11, 12, 13])
    px, py = d.rng.choice([6, 8, 10]), d.rng.choice([1, 2, 3])
    fg = _text_on(d.accent)
    pill = d.rng.random() < 0.5
    r = 9999 if pill else d.rng.choice([4, 6])
    label = d.rng.choice(["New", "Paid", "Pending", "Beta", "Draft"])
    html = (
        f"<span style='display:inline-block;background:{d.accent};color:{fg};border-radius:{r}px;"
        f"padding:{py}px {px}px;{_font(size, d.weight)}'>{label}</span>"
    )
    colors = {"primary": d.accent, "background": d.accent, "foreground": fg, "border": None}
    return d.sample("badge", html, colors, r, size, d.weight, (px, py))


def _boxed(page: str, dark: bool, rng: random.Random) -> tuple[str, str]:
    surface = page if rng.random() < 0.5 else _near(rng, "#27272a" if dark else "#ffffff", 6)
    border = _near(rng, "#3f3f46" if dark else "#d4d4d8", 14)
    return surface, border


def _card(d: Draw) -> Sample:
    surface, border = _boxed(d.page, d.dark, d.rng)
    radius = d.rng.choice([6, 8, 12, 16])
    px, py = d.rng.choice([16, 20, 24]), d.rng.choice([16, 20, 24])
    title = d.size + d.rng.choice([4, 6])
    html = (
        f"<div style='width:340px;background:{surface};border:1px solid {border};"
        f"border-radius:{radius}px;padding:{py}px {px}px;color:{d.text};"
        f"box-shadow:{SHADOWS[d.shadow]}'>"
        f"<div style='{_font(title, 700)}'>Team settings</div>"
        f"<div style='{_font(d.size, d.weight)}margin-top:6px'>Manage members, billing and access "
        f"for everyone in your workspace.</div></div>"
    )
    colors = {"primary": None, "background": surface, "foreground": d.text, "border": border}
    return d.sample("card", html, colors, radius, d.size, d.weight, (px, py), d.shadow)


def _field(kind: str) -> Builder:
    def build(d: Draw) -> Sample:
        surface, border = _boxed(d.page, d.dark, d.rng)
        px, py = d.rng.choice([10, 12, 16]), d.rng.choice([6, 8, 10])
        weight = d.rng.choice([400, 500])
        value = d.rng.choice(["name@example.com", "Jane Cooper", "Select a timezone"])
        style = (
            f"width:280px;background:{surface};border:1px solid {border};"
            f"border-radius:{d.radius}px;"
            f"padding:{py}px {px}px;color:{d.text};{_font(d.size, weight)}font-family:inherit;"
        )
        if kind == "input":
            html = f'<input style="{style}" value="{value}">'
        elif kind == "textarea":
            html = (
                f'<textarea style="{style}height:110px;resize:none">{value}, writing a few '
                "sentences about the project here.</textarea>"
            )
        else:
            chevron = (
                f"<svg width='16' height='16' viewBox='0 0 24 24' fill='none' stroke='{d.text}' "
                "stroke-width='2'><path d='m6 9 6 6 6-6'/></svg>"
            )
            html = (
                f'<div style="{style}display:flex;justify-content:space-between;'
                f'align-items:center"><span>{value}</span>{chevron}</div>'
            )
        colors = {"primary": None, "background": surface, "foreground": d.text, "border": border}
        return d.sample(kind, html, colors, d.radius, d.size, weight, (px, py))

    return build


def _alert(d: Draw) -> Sample:
    surface, border = _boxed(d.page, d.dark, d.rng)
    px, py = d.rng.choice([12, 16]), d.rng.choice([12, 16])
    icon = (
        f"<svg width='18' height='18' viewBox='0 0 24 24' fill='none' stroke='{d.text}' "
        "stroke-width='2' style='flex:none'><circle cx='12' cy='12' r='10'/>"
        "<path d='M12 8v4M12 16h.01'/></svg>"
    )
    html = (
        f"<div style='width:400px;display:flex;gap:12px;background:{surface};"
        f"border:1px solid {border};border-radius:{d.radius}px;padding:{py}px {px}px;"
        f"color:{d.text}'>"
        f"{icon}<div><div style='{_font(d.size, d.weight)}'>Heads up!</div>"
        f"<div style='{_font(d.size, d.weight)}'>You can add components to your app.</div>"
        "</div></div>"
    )
    colors = {"primary": None, "background": surface, "foreground": d.text, "border": border}
    return d.sample("alert", html, colors, d.radius, d.size, d.weight, (px, py))


def _check(kind: str) -> Builder:
    def build(d: Draw) -> Sample:
        side = d.rng.choice([16, 18, 20])
        if kind == "checkbox":
            r = d.rng.choice([2, 4])
            mark = (
                f"<span style='display:inline-flex;width:{side}px;height:{side}px;"
                f"background:{d.accent};"
                f"border-radius:{r}px;align-items:center;justify-content:center'>"
                f"<svg width='{side - 4}' height='{side - 4}' viewBox='0 0 24 24' fill='none' "
                "stroke='#fff' stroke-width='3'><path d='M20 6 9 17l-5-5'/></svg></span>"
            )
            html = (
                f"<label style='display:flex;align-items:center;gap:10px;color:{d.text};"
                f"{_font(d.size, d.weight)}'>{mark}Accept terms and conditions</label>"
            )
            return d.sample(
                kind,
                html,
                {"primary": d.accent, "background": d.page, "foreground": d.text, "border": None},
                r,
                d.size,
                d.weight,
                None,
            )
        w, h = d.rng.choice([(36, 20), (44, 24), (52, 28)])
        knob = h - 4
        html = (
            "<label style='display:flex;align-items:center;gap:12px;"
            f"color:{d.text};{_font(d.size, d.weight)}'>"
            f"<span style='position:relative;width:{w}px;height:{h}px;border-radius:9999px;"
            f"background:{d.accent}'><span style='position:absolute;right:2px;top:2px;"
            f"width:{knob}px;"
            f"height:{knob}px;border-radius:9999px;background:#fff'></span></span>"
            "Airplane mode</label>"
        )
        return d.sample(
            kind,
            html,
            {"primary": d.accent, "background": d.page, "foreground": d.text, "border": None},
            9999,
            d.size,
            d.weight,
            None,
        )

    return build


def _radio(d: Draw) -> Sample:
    side = d.rng.choice([16, 18, 20])
    items = []
    for i, label in enumerate(["Default", "Comfortable", "Compact"]):
        dot = (
            f"<span style='width:{side // 2}px;height:{side // 2}px;border-radius:9999px;"
            f"background:{d.accent}'></span>"
            if i == 0
            else ""
        )
        items.append(
            "<label style='display:flex;align-items:center;gap:10px;"
            f"color:{d.text};{_font(d.size, d.weight)}'>"
            "<span style='display:inline-flex;align-items:center;justify-content:center;"
            f"width:{side}px;height:{side}px;border:2px solid {d.accent};border-radius:9999px'>"
            f"{dot}</span>{label}</label>"
        )
    html = "<div style='display:flex;flex-direction:column;gap:12px'>" + "".join(items) + "</div>"
    return d.sample(
        "radio-group",
        html,
        {"primary": d.accent, "background": d.page, "foreground": d.text, "border": None},
        9999,
        d.size,
        d.weight,
        None,
    )


def _avatar(d: Draw) -> Sample:
    side = d.rng.choice([40, 48, 56, 64])
    fg = _text_on(d.accent)
    html = (
        f"<span style='display:inline-flex;width:{side}px;height:{side}px;border-radius:9999px;"
        f"background:{d.accent};color:{fg};align-items:center;justify-content:center;"
        f"{_font(d.size, d.weight)}'>JC</span>"
    )
    return d.sample(
        "avatar",
        html,
        {"primary": d.accent, "background": d.accent, "foreground": fg, "border": None},
        9999,
        d.size,
        d.weight,
        None,
    )


def _tabs(d: Draw) -> Sample:
    surface = _near(d.rng, "#27272a" if d.dark else "#f4f4f5", 6)
    if surface == d.page:
        surface = _near(d.rng, "#e4e4e7", 4)
    fg = _text_on(d.accent)
    px, py = d.rng.choice([12, 16]), d.rng.choice([6, 8])
    tabs = []
    for i, label in enumerate(["Account", "Password", "Billing"]):
        style = (
            f"padding:{py}px {px}px;border-radius:{max(0, d.radius - 2)}px;"
            f"{_font(d.size, d.weight)}"
        )
        if i == 0:
            style += f"background:{d.accent};color:{fg};"
        else:
            style += f"color:{d.text};"
        tabs.append(f"<span style='{style}'>{label}</span>")
    html = (
        f"<div style='display:inline-flex;gap:4px;padding:4px;background:{surface};"
        f"border-radius:{d.radius}px'>" + "".join(tabs) + "</div>"
    )
    return d.sample(
        "tabs",
        html,
        {"primary": d.accent, "background": surface, "foreground": d.text, "border": None},
        d.radius,
        d.size,
        d.weight,
        (px, py),
    )


def _bar(kind: str) -> Builder:
    def build(d: Draw) -> Sample:
        track = _near(d.rng, "#e4e4e7", 10)
        h = d.rng.choice([6, 8, 10, 12]) if kind == "progress" else d.rng.choice([6, 8])
        r = d.rng.choice([0, 2, 9999]) if kind == "progress" else 9999
        share = d.rng.randint(25, 80)
        thumb = ""
        if kind == "slider":
            t = d.rng.choice([18, 20])
            thumb = (
                f"<span style='position:absolute;left:calc({share}% - {t // 2}px);"
                f"top:{(h - t) / 2}px;"
                f"width:{t}px;height:{t}px;border-radius:9999px;background:#fff;"
                f"border:2px solid {d.accent}'></span>"
            )
        html = (
            f"<div style='position:relative;width:320px;height:{h}px;background:{track};"
            f"border-radius:{r}px'><div style='width:{share}%;height:100%;background:{d.accent};"
            f"border-radius:{r}px'></div>{thumb}</div>"
        )
        background = track if kind == "progress" else d.page
        return d.sample(
            kind,
            html,
            {"primary": d.accent, "background": background, "foreground": None, "border": None},
            r,
            None,
            None,
            None,
        )

    return build


def _table(d: Draw) -> Sample:
    surface, border = _boxed(d.page, False, d.rng)
    rows = [
        ("Invoice", "Status", "Amount"),
        ("INV001", "Paid", "$250.00"),
        ("INV002", "Pending", "$150.00"),
        ("INV003", "Unpaid", "$350.00"),
    ]
    cells = []
    for i, row in enumerate(rows):
        style = f"border-bottom:1px solid {border};padding:10px 16px;text-align:left;"
        tag = "th" if i == 0 else "td"
        cells.append(
            "<tr>"
            + "".join(f"<{tag} style='{style}{_font(d.size, d.weight)}'>{c}</{tag}>" for c in row)
            + "</tr>"
        )
    html = (
        f"<table style='width:420px;border-collapse:collapse;background:{surface};color:{d.text};"
        f"border:1px solid {border}'>" + "".join(cells) + "</table>"
    )
    return d.sample(
        "table",
        html,
        {"primary": None, "background": surface, "foreground": d.text, "border": border},
        0,
        d.size,
        d.weight,
        None,
    )


def _dialog(d: Draw) -> Sample:
    surface, border = "#ffffff", _near(d.rng, "#e4e4e7", 8)
    radius = d.rng.choice([8, 12])
    fg = _text_on(d.accent)
    px = py = 24
    html = (
        f"<div style='width:420px;background:{surface};border:1px solid {border};"
        f"border-radius:{radius}px;"
        f"padding:{py}px {px}px;color:{d.text};box-shadow:0 10px 15px -3px rgb(0 0 0 / 0.1)'>"
        f"<div style='{_font(d.size + 4, 700)}'>Edit profile</div>"
        f"<div style='{_font(d.size, d.weight)}margin-top:8px'>Make changes to your profile here. "
        "Click save when you are done.</div><div style='display:flex;justify-content:flex-end;"
        f"margin-top:20px'><span style='background:{d.accent};color:{fg};padding:8px 16px;"
        f"border-radius:6px;{_font(14, 500)}'>Save changes</span></div></div>"
    )
    return d.sample(
        "dialog",
        html,
        {"primary": d.accent, "background": surface, "foreground": d.text, "border": border},
        radius,
        d.size,
        d.weight,
        (px, py),
        "lg",
    )


BUILDERS: dict[str, Builder] = {
    "button": _button,
    "badge": _badge,
    "card": _card,
    "input": _field("input"),
    "textarea": _field("textarea"),
    "select": _field("select"),
    "alert": _alert,
    "checkbox": _check("checkbox"),
    "switch": _check("switch"),
    "radio-group": _radio,
    "avatar": _avatar,
    "tabs": _tabs,
    "progress": _bar("progress"),
    "slider": _bar("slider"),
    "table": _table,
    "dialog": _dialog,
}
