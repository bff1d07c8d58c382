"""The screenshot's text, parts and state become the component's defaults, and each part's
measured style lands on that part: the offline composer given an extraction's content and
anatomy (made here, as extraction returns them)."""

from __future__ import annotations

import json
import re
from typing import Any

from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.generation.shown import Nudge, shown
from componentforge.generation.template import compose
from componentforge.generation.theme import build_theme, font_kind
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.extraction import Content, Part, Rect, TextRun
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens

LIBRARY = PatternLibrary.load(DEFAULT_PATTERNS_DIR)
PLAIN = DesignTokens()


def run(text: str, role: str, x: float, y: float, w: float, h: float, **style: Any) -> TextRun:
    return TextRun(
        text=text, role=role, box=Rect(x=x, y=y, width=w, height=h), confidence=0.9, **style
    )  # type: ignore[arg-type]


def part(role: str, x: float, y: float, w: float, h: float, **more: Any) -> Part:
    return Part(role=role, box=Rect(x=x, y=y, width=w, height=h), **more)  # type: ignore[arg-type]


def made(
    pattern_id: str,
    runs: list[TextRun],
    parts: list[Part],
    tokens: DesignTokens = PLAIN,
    nudge: Nudge | None = None,
) -> tuple[str, dict[str, str]]:
    pattern = LIBRARY.get(pattern_id)
    assert pattern is not None
    content = Content(text=" ".join(r.text for r in runs), runs=runs, engine="ocr:test")
    seen = shown(pattern_id, content, parts, tokens, nudge)
    draft = compose(pattern, "Shot", tokens, Requirements(), seen)
    return draft.code, draft.shown


def default(code: str, name: str) -> str | None:
    found = re.search(rf"^  {name} = (.+?),?$", code, re.M)
    return found.group(1) if found else None


def test_a_buttons_label_and_height_are_the_screenshots() -> None:
    code, applied = made(
        "shadcn-button",
        [run("Delete account", "label", 12, 10, 90, 16)],
        [part("component", 0, 0, 120, 40)],
    )
    assert default(code, "label") == '"Delete account"'
    assert "h-[40px]" in code and "w-[120px]" not in code  # a button sizes to its text
    assert applied == {"label": "Delete account"}


def test_without_a_screenshot_the_patterns_copy_stays() -> None:
    pattern = LIBRARY.get("shadcn-button")
    assert pattern is not None
    assert shown("shadcn-button", None, [], PLAIN) is None
    code = compose(pattern, "Shot", PLAIN, Requirements()).code
    assert default(code, "label") == '"Continue"'


def test_a_card_gets_its_title_description_and_button_with_its_own_padding() -> None:
    runs = [
        run("Create project", "title", 24, 24, 140, 24, font_size_px=20, font_weight=600),
        run("Deploy your new", "description", 24, 56, 200, 18, color="#52525b"),
        run("project in one click.", "description", 24, 76, 180, 18, color="#52525b"),
        run("Deploy", "label", 40, 120, 50, 18),
    ]
    parts = [
        part("component", 0, 0, 320, 170),
        part("action", 24, 110, 90, 40, text="Deploy", text_role="label"),
    ]
    tokens = DesignTokens.model_validate(
        {
            "spacing": {"padding_x_px": 24, "padding_y_px": 24},
            "typography": {"font_size_px": 20, "font_weight": 600, "font_family": "Georgia"},
        }
    )
    code, applied = made("shadcn-card", runs, parts, tokens)
    assert default(code, "title") == '"Create project"'
    # the button's label is the button's, not the description's
    assert default(code, "description") == '"Deploy your new project in one click."'
    assert re.search(r'actions = <>\s*<Button>\s*\{"Deploy"\}\s*</Button>', code) or (
        '<Button>{"Deploy"}</Button>' in code
    )
    assert 'import { Button } from "@/components/ui/button"' in code
    # padding once: on the card, and the header and footer add none of their own
    # (and the title and description as far apart as shown: 56 - (24 + 24))
    assert "px-[24px]" in code and '<CardHeader className="gap-[8px] px-0">' in code
    assert '<CardFooter className="px-0 gap-2">' in code
    # typography on the parts it was measured on, not on the whole card
    title = re.search(r'<CardTitle className="([^"]+)"', code)
    assert title is not None and "text-[20px]" in title.group(1)
    assert "leading-[24px]" in title.group(1)  # its line as tall as shown, not `leading-none`
    assert "font-semibold" in title.group(1)
    surface = re.search(r'className=\{cn\(\s*"([^"]+)"', code)
    assert surface is not None and "text-[20px]" not in surface.group(1)
    assert "font-semibold" not in surface.group(1)  # the weight is the title's
    assert "font-serif" in surface.group(1)  # the family is the whole card's
    assert "w-[320px]" in surface.group(1)
    description = re.search(r'<CardDescription className="([^"]+)"', code)
    assert description is not None and "text-[oklch(" in description.group(1)
    # wrapped in two lines 20 px apart, the widest 200 px: it keeps those lines
    assert "leading-[20px]" in description.group(1) and "max-w-[200px]" in description.group(1)
    assert applied["actions"] == "Deploy"
    one_line, _ = made("shadcn-card", [runs[0], runs[1]], parts, tokens)
    description = re.search(r'<CardDescription className="([^"]+)"', one_line)
    assert description is not None and "max-w-" not in description.group(1)
    assert "pr-[" not in one_line  # it fits in the padding measured


def test_a_line_shown_whole_is_not_broken_by_the_padding_measured() -> None:
    # 280 px of text in a 320 px card with 24 px of padding each side: 270 px of room
    runs = [run("Manage members, billing and access.", "description", 24, 20, 280, 18)]
    tokens = DesignTokens.model_validate(
        {"spacing": {"padding_x_px": 24, "padding_y_px": 20}, "border": {"width_px": 1}}
    )
    code, applied = made("shadcn-card", runs, [part("component", 0, 0, 320, 58)], tokens)
    surface = re.search(r'className=\{cn\(\s*"([^"]+)"', code)
    assert surface is not None
    # the left edge stays; the right gives way: 318 - 24 - (280 * 1.02 + 2)
    assert "pl-[24px] pr-[6.4px]" in surface.group(1)
    assert "widest line" in applied["padding"]
    # a nudge then moves it down, and leaves the fitted sides as they are
    code, _ = made("shadcn-card", runs, [part("component", 0, 0, 320, 58)], tokens, Nudge(2, 1))
    surface = re.search(r'className=\{cn\(\s*"([^"]+)"', code)
    assert surface is not None
    assert "pl-[24px] pr-[6.4px] w-[320px] pt-[21px] pb-[19px]" in surface.group(1)
    assert "pl-[26px]" not in surface.group(1)


def test_a_fields_border_is_the_screenshots_not_the_themes_input_grey() -> None:
    # shadcn's fields draw `border-input`: the measured border goes on the field itself
    tokens = DesignTokens.model_validate(
        {"colors": {"border": "#464350"}, "border": {"width_px": 1}}
    )
    placeholder = [run("Search", "placeholder", 12, 8, 60, 18)]
    for pattern in ("shadcn-input", "shadcn-textarea", "shadcn-select"):
        code, _ = made(pattern, placeholder, [part("component", 0, 0, 260, 36)], tokens)
        surface = re.search(r'className=\{cn\(\s*"([^"]+)"', code)
        assert surface is not None, pattern
        assert "border-[oklch(0.3908_0.022_295.94)]" in surface.group(1), pattern
    borderless = tokens.model_copy(
        update={"border": tokens.border.model_copy(update={"width_px": 0})}
    )
    code, _ = made("shadcn-input", placeholder, [part("component", 0, 0, 260, 36)], borderless)
    assert "border-[oklch(" not in code


def test_a_field_without_a_label_shows_none_and_is_named_by_its_placeholder() -> None:
    code, applied = made(
        "shadcn-input",
        [run("you@example.com", "placeholder", 12, 10, 120, 16, color="#a1a1aa")],
        [part("component", 0, 0, 260, 36)],
    )
    assert re.search(r"^  label,$", code, re.M)  # no default label: none is rendered
    assert default(code, "placeholder") == '"you@example.com"'
    assert default(code, "accessibleName") == '"you@example.com"'
    assert "aria-label={label ? undefined : accessibleName}" in code
    assert "placeholder:text-[oklch(" in code and "w-[260px]" in code and "h-[36px]" in code
    assert applied["label"] == "none shown"


def test_a_field_with_a_label_above_it_keeps_the_label_and_its_value() -> None:
    code, _ = made(
        "shadcn-input",
        [run("Email", "label", 0, 0, 40, 16), run("ada@example.com", "value", 12, 34, 120, 16)],
        [part("component", 0, 24, 260, 36)],
    )
    assert default(code, "label") == '"Email"'
    assert default(code, "defaultValue") == '"ada@example.com"'
    assert default(code, "accessibleName") is None


def test_checked_controls_tabs_and_progress_start_as_shown() -> None:
    code, _ = made(
        "shadcn-switch",
        [run("Airplane mode", "label", 52, 4, 100, 16, font_weight=500)],
        [part("control", 0, 0, 44, 24, active=True)],
    )
    assert default(code, "defaultChecked") == "true" and default(code, "label") == '"Airplane mode"'
    # the label 4 px down the row, as in the screenshot; the switch at its top
    assert '<Label htmlFor={inputId} className="font-medium mt-[4px]">' in code
    code, _ = made(
        "shadcn-tabs",
        [],
        [
            part("component", 0, 0, 300, 40),
            part("tab", 4, 4, 90, 30, text="Account", text_role="tab", active=False),
            part("tab", 100, 4, 90, 30, text="Password", text_role="tab", active=True),
        ],
    )
    assert default(code, "defaultValue") == '"password"'
    assert '{ value: "account", label: "Account", content: null }' in code
    code, _ = made(
        "shadcn-progress", [], [part("track", 0, 0, 200, 8), part("indicator", 0, 0, 130, 8)]
    )
    assert default(code, "value") == "65" and "h-[8px]" in code


def test_a_controls_label_beside_it_is_set_in_the_screenshots_family() -> None:
    tokens = DesignTokens.model_validate({"typography": {"font_family": "DejaVu Sans"}})
    code, _ = made(
        "shadcn-checkbox",
        [run("Remember me", "label", 24, 2, 90, 16)],
        [part("control", 0, 0, 16, 16)],
        tokens,
    )
    # The label is the control's sibling: the family's variable is set on the row they share,
    # and the label names the family's class itself.
    assert re.search(r'<div className="[^"]*" style=\{theme\}>', code), code
    assert re.search(r'<Label htmlFor=\{inputId\} className="[^"]*\bfont-sans\b', code), code
    assert '"--font-sans": "\\"DejaVu Sans\\", ui-sans-serif' in code
    plain, _ = made(
        "shadcn-checkbox",
        [run("Remember me", "label", 24, 2, 90, 16)],
        [part("control", 0, 0, 16, 16)],
    )
    assert "font-sans" not in plain and "style={theme}" not in plain


def test_a_control_and_its_label_keep_the_screenshots_gap_order_and_checked_style() -> None:
    # The label 6 px after the box: that gap, not the theme's 8 px.
    code, applied = made(
        "shadcn-checkbox",
        [run("Remember me", "label", 22, 0, 90, 16)],
        [part("control", 0, 0, 16, 16, active=False)],
    )
    assert '<div className="flex gap-[6px] items-start">' in code
    assert applied["gap"] == "6 px between the control and its label"
    # each part as far down the row as in the screenshot: the box 3 px below the label's top
    code, _ = made(
        "shadcn-checkbox",
        [run("Remember me", "label", 22, 0, 90, 22)],
        [part("control", 0, 3, 16, 16)],
    )
    assert re.search(r'className=\{cn\("[^"]*\bmt-\[3px\]', code), code
    assert re.search(r"<Label htmlFor=\{inputId\}(?! [^>]*mt-)", code), code
    # Without a screenshot the row keeps its default layout.
    pattern = LIBRARY.get("shadcn-checkbox")
    assert pattern is not None
    plain = compose(pattern, "Plain", PLAIN, Requirements(), None).code
    assert '<div className="flex items-center gap-2">' in plain
    # A settings row: the label first, the switch 24 px after it.
    code, applied = made(
        "shadcn-switch",
        [run("Notifications", "label", 0, 4, 96, 16)],
        [part("control", 120, 0, 44, 24, active=True)],
    )
    assert '<div className="flex gap-[24px] flex-row-reverse justify-end items-start">' in code
    assert "order" in applied
    # On without a fill (a tick on a white box): the checked style keeps the surface and
    # border, and the tick takes the ink; with a fill (a primary) the primitive's style stays.
    tokens = DesignTokens.model_validate(
        {"colors": {"background": "#ffffff", "border": "#b2b3b3", "foreground": "#212121"}}
    )
    ticked = [part("control", 0, 0, 17, 17, active=True)]
    code, applied = made(
        "shadcn-checkbox", [run("Remember me", "label", 27, 0, 90, 16)], ticked, tokens
    )
    assert "data-[state=checked]:bg-[oklch(1_0_0)]" in code
    assert "data-[state=checked]:border-[" in code and "data-[state=checked]:text-[" in code
    filled = tokens.model_copy(
        update={"colors": tokens.colors.model_copy(update={"primary": "#2563eb"})}
    )
    code, _ = made("shadcn-checkbox", [run("Remember me", "label", 27, 0, 90, 16)], ticked, filled)
    assert "data-[state=checked]:bg-" not in code


def test_a_bare_control_gets_no_made_up_label_and_is_named_unseen() -> None:
    code, applied = made("shadcn-switch", [], [part("control", 0, 0, 64, 32, active=False)])
    assert default(code, "label") is None  # no made-up "Airplane mode" beside it
    assert "aria-label={label ? undefined : accessibleName}" in code
    assert "{label ? <Label" in code
    assert "[&>span]:size-[28px]" in code and "[&>span]:rounded-" not in code
    # A squared track (radius 0) gets a squared thumb.
    square = DesignTokens.model_validate({"border": {"radius_px": 0}})
    code, _ = made("shadcn-switch", [], [part("control", 0, 0, 64, 32)], square)
    assert "[&>span]:rounded-[0px]" in code
    # Its knob as measured: 24 px with 4 px all round, at the far end when on.
    knob = [part("control", 0, 0, 64, 32, active=True), part("indicator", 36, 4, 24, 24)]
    code, _ = made("shadcn-switch", [], knob, square)
    assert "[&>span]:size-[24px] [&>span]:ms-[3px]" in code
    assert "[&>span]:data-[state=checked]:translate-x-[32px]" in code
    assert applied["label"] == "none shown: name it with accessibleName"
    # With a label shown, it is the label, and the control takes its name from it.
    code, _ = made(
        "shadcn-switch",
        [run("Wi-Fi", "label", 52, 8, 40, 16)],
        [part("control", 0, 0, 44, 24, active=True)],
    )
    assert default(code, "label") == '"Wi-Fi"'


def test_tabs_take_the_lists_surface_and_each_triggers_text_and_highlight() -> None:
    tokens = DesignTokens.model_validate(
        {"colors": {"primary": "#92279b", "background": "#201f25", "page_background": "#121014"}}
    )
    runs = [
        run("Analytics", "tab", 20, 12, 60, 18, color="#ffffff", font_size_px=15, font_weight=400),
        run("Billing", "tab", 104, 12, 44, 18, color="#e5e5e5", font_size_px=15, font_weight=400),
    ]
    for r, on in zip(runs, (True, False), strict=True):
        r.active = on
    parts = [
        part("component", 0, 0, 170, 40),
        part("indicator", 8, 4, 84, 32),
        *(Part(role="tab", box=r.box, text=r.text, text_role="tab", active=r.active) for r in runs),
    ]
    code, _ = made("shadcn-tabs", runs, parts, tokens)
    assert "<Tabs defaultValue={defaultValue} {...props}>" in code
    lists = re.search(r"<TabsList\s+className=\{cn\(\s*\"([^\"]+)\"", code)
    assert lists is not None
    surface = lists.group(1).split()
    # the list: its measured fill, its height, and the space from its edge to the highlight
    assert surface.count("bg-[oklch(0.2429_0.0114_293.18)]") == 1 and "h-[40px]" in surface
    assert {"pl-[8px]", "py-[4px]", "gap-[0px]"} <= set(surface)
    trigger = re.search(r'<TabsTrigger[^>]*className="([^"]+)"', code)
    assert trigger is not None
    classes = trigger.group(1).split()
    # an idle tab's colour, the active one's, and the highlight (the primary) behind it
    assert "text-[oklch(0.9219_0_0)]" in classes
    assert "data-[state=active]:text-[oklch(1_0_0)]" in classes
    assert "data-[state=active]:bg-[oklch(0.4885_0.1937_324.58)]" in classes
    assert {"flex-none", "px-[11px]", "h-[32px]", "text-[15px]"} <= set(classes)


def test_an_alert_gets_its_icon_and_a_select_its_value() -> None:
    code, _ = made(
        "shadcn-alert",
        [
            run("Payment failed", "title", 40, 12, 120, 18),
            run("Try another card.", "description", 40, 34, 130, 16),
        ],
        [part("component", 0, 0, 400, 64), part("icon", 12, 14, 16, 16)],
    )
    assert default(code, "icon") == '<CircleAlert aria-hidden="true" />'
    assert 'import { CircleAlert } from "lucide-react"' in code
    assert default(code, "title") == '"Payment failed"'
    code, _ = made(
        "shadcn-select",
        [run("Banana", "value", 12, 10, 60, 16)],
        [part("component", 0, 0, 200, 41), part("chevron", 180, 14, 8, 8)],
    )
    assert default(code, "defaultValue") == '"banana"'
    assert '[{ value: "banana", label: "Banana" }]' in code
    # The trigger's own height is set under `data-[size=default]:`, which a bare `h-` loses to.
    assert "h-[41px]" in code and "data-[size=default]:h-[41px]" in code


def test_an_alert_with_a_title_alone_gets_no_made_up_description_and_no_icon_gap() -> None:
    tokens = DesignTokens.model_validate({"spacing": {"gap_px": 10}})
    code, applied = made(
        "shadcn-alert",
        [run("Your session will expire.", "title", 16, 12, 200, 20)],
        [part("component", 0, 0, 340, 44)],
        tokens,
    )
    assert default(code, "title") == '"Your session will expire."'
    assert default(code, "description") is None and applied["description"] == "none shown"
    assert "You can add components" not in code
    assert "(children ?? description) != null ? (" in code  # no empty description row
    assert "gap-[10px]" not in code  # the grid's icon column stays closed
    code, _ = made(
        "shadcn-alert",
        [
            run("Heads up", "title", 16, 12, 80, 20),
            run("It expires.", "description", 16, 36, 90, 18),
        ],
        [part("component", 0, 0, 340, 66)],
        tokens,
    )
    assert "gap-y-[4px]" in code and "gap-[10px]" not in code


def test_a_bordered_unfilled_button_is_an_outline_button() -> None:
    tokens = DesignTokens.model_validate(
        {
            "colors": {"background": "#ffffff", "page_background": "#ffffff", "border": "#2563eb"},
            "border": {"width_px": 1},
        }
    )
    code, _ = made(
        "shadcn-button", [run("Cancel", "label", 10, 8, 50, 16)], [part("component", 0, 0, 80, 32)]
    )
    assert 'variant = "outline"' not in code
    code, applied = made(
        "shadcn-button",
        [run("Cancel", "label", 10, 8, 50, 16)],
        [part("component", 0, 0, 80, 32)],
        tokens,
    )
    assert 'variant = "outline"' in code and "variant={variant}" in code
    assert "border-[oklch(" in code and applied["variant"] == "outline"


def test_hostile_text_is_written_as_a_string_never_as_code() -> None:
    evil = 'x" }) ; fetch("//evil") ; ({ "</Button>{`${1}`}'
    code, _ = made(
        "shadcn-button", [run(evil, "label", 0, 0, 10, 10)], [part("component", 0, 0, 20, 20)]
    )
    literal = default(code, "label")
    assert literal is not None and json.loads(literal) == evil


def test_a_named_family_falls_back_to_a_stack_of_its_kind() -> None:
    assert [font_kind(f) for f in ("Georgia", "Merriweather Sans", "JetBrains Mono")] == [
        "serif",
        "sans",
        "mono",
    ]
    theme = build_theme(DesignTokens.model_validate({"typography": {"font_family": "Lora"}}))
    assert theme.variables["--font-serif"].startswith('"Lora", ui-serif')
    assert "font-serif" in theme.classes and "--font-sans" not in theme.variables


def test_a_nudge_trades_padding_between_opposite_sides_or_moves_a_controls_label() -> None:
    tokens = DesignTokens.model_validate({"spacing": {"padding_x_px": 12, "padding_y_px": 9}})
    label = [run("Delete", "label", 12, 10, 50, 16)]
    code, applied = made(
        "shadcn-button", label, [part("component", 0, 0, 74, 36)], tokens, Nudge(-1, 1)
    )
    classes = re.search(r'"([^"]*h-\[36px\][^"]*)"', code)
    assert classes is not None, code
    # after the theme's px-/py-, so they win; the box keeps its size
    assert classes.group(1).endswith("pl-[11px] pr-[13px] pt-[10px] pb-[8px]")
    assert applied["text position"] == "moved -1px across, 1px down"
    unpadded, said = made("shadcn-button", label, [], PLAIN, Nudge(0, 1))  # no padding to trade
    assert "pt-[" not in unpadded and "text position" not in said
    boxed, _ = made(
        "shadcn-checkbox",
        [run("Remember me", "label", 24, 2, 90, 16)],
        [part("control", 0, 0, 16, 16)],
        PLAIN,
        Nudge(0, -2),
    )
    assert re.search(r"<Label [^>]*translate-x-\[0px\] translate-y-\[-2px\]", boxed), boxed
    tabs, _ = made(
        "shadcn-tabs",
        [run("Account", "tab", 10, 8, 60, 18), run("Password", "tab", 100, 8, 70, 18)],
        [
            part("component", 0, 0, 200, 34),
            part("tab", 4, 4, 80, 26, text="Account", text_role="tab", active=True),
            part("tab", 90, 4, 90, 26, text="Password", text_role="tab", active=False),
        ],
        PLAIN,
        Nudge(2, 0),
    )
    # each trigger, with its highlight, moved where it is painted
    assert re.search(r"<TabsTrigger [^>]*translate-x-\[2px\] translate-y-\[0px\]", tabs), tabs


def test_a_label_read_shorter_than_its_font_keeps_a_line_of_its_font_size() -> None:
    # `text-[16px]` makes tailwind-merge drop the Label's `leading-none`: without a leading of
    # its own the line would be the page's 1.5 (24 px), the row half again as tall as shown
    code, _ = made(
        "shadcn-checkbox",
        [run("Remember me", "label", 25, 0, 104, 14, font_size_px=16)],
        [part("control", 0, 0, 16, 16, active=True)],
    )
    label = re.search(r'<Label htmlFor=\{inputId\} className="([^"]+)"', code)
    assert label is not None and "text-[16px]" in label.group(1)
    assert "leading-[16px]" in label.group(1)
    tall, _ = made(
        "shadcn-checkbox",
        [run("Remember me", "label", 25, 0, 104, 20, font_size_px=16)],
        [part("control", 0, 2, 16, 16, active=True)],
    )
    assert "leading-[20px]" in tall
