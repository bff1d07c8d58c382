"""The compositions of controls: buttons, badges, fields, toggles, indicators."""

from __future__ import annotations

from componentforge.generation.anatomy import LABEL, Anatomy, Content

# What a field shows inside it; a screenshot's field without a label is named by them.
FIELD_TEXT = (
    Content("placeholder", "string | undefined", "undefined", "Shown while the field is empty"),
    Content("defaultValue", "string | undefined", "undefined", "The initial text (uncontrolled)"),
    Content(
        "accessibleName",
        "string | undefined",
        "undefined",
        "The field's name for assistive technology when no label is shown",
    ),
)
# A control beside its label; the screenshot's gap and order replace the defaults.
ROW = {"$ROW": "flex items-center gap-2"}
CHECKED = Content("defaultChecked", "boolean", "false", "Whether it starts on (uncontrolled)")


def labelled(control: str, text: str) -> Anatomy:
    """A control beside its label (a checkbox, a switch); with no label shown, the control is
    named by `accessibleName`."""
    return Anatomy(
        (control, "Label"),
        f"React.ComponentProps<typeof {control}>",
        "<div $ROW>\n"
        f"  <{control}\n"
        "    id={inputId}\n"
        "    defaultChecked={defaultChecked}\n"
        "    aria-label={label ? undefined : accessibleName}\n"
        "    $ROOT $SURFACE\n"
        "  />\n"
        "  {label ? <Label htmlFor={inputId} $TEXT>{label}</Label> : null}\n"
        "</div>",
        (
            Content("label", "string | undefined", f'"{text}"', "The visible label"),
            CHECKED,
            Content(
                "accessibleName",
                "string | undefined",
                f'"{text}"',
                "The control's name for assistive technology when no label is shown",
            ),
        ),
        marker_classes=ROW,
    )


CONTROLS: dict[str, Anatomy] = {
    "shadcn-button": Anatomy(
        ("Button",),
        "React.ComponentProps<typeof Button>",
        "<Button $ROOT $SURFACE>{children ?? label}</Button>",
        (LABEL,),
        owns_state=False,
        children=True,
        variant_props=("variant", "size"),
    ),
    "shadcn-badge": Anatomy(
        ("Badge",),
        "React.ComponentProps<typeof Badge>",
        "<Badge $ROOT $SURFACE>{children ?? label}</Badge>",
        (Content("label", "React.ReactNode", '"New"', "The visible text"),),
        owns_state=False,
        children=True,
        variant_props=("variant",),
    ),
    "shadcn-input": Anatomy(
        ("Input", "Label"),
        "React.ComponentProps<typeof Input>",
        '<div className="grid gap-1.5">\n'
        "  {label ? <Label htmlFor={inputId}>{label}</Label> : null}\n"
        "  <Input\n"
        "    id={inputId}\n"
        "    placeholder={placeholder}\n"
        "    defaultValue={defaultValue}\n"
        "    aria-label={label ? undefined : accessibleName}\n"
        "    $ROOT $SURFACE\n"
        "  />\n"
        "</div>",
        (
            Content("label", "string | undefined", '"Email"', "The field's visible label"),
            *FIELD_TEXT,
        ),
        owns_state=False,
    ),
    "shadcn-textarea": Anatomy(
        ("Textarea", "Label"),
        "React.ComponentProps<typeof Textarea>",
        '<div className="grid gap-1.5">\n'
        "  {label ? <Label htmlFor={inputId}>{label}</Label> : null}\n"
        "  <Textarea\n"
        "    id={inputId}\n"
        "    placeholder={placeholder}\n"
        "    defaultValue={defaultValue}\n"
        "    aria-label={label ? undefined : accessibleName}\n"
        "    $ROOT $SURFACE\n"
        "  />\n"
        "</div>",
        (
            Content("label", "string | undefined", '"Message"', "The field's visible label"),
            *FIELD_TEXT,
        ),
        owns_state=False,
    ),
    "shadcn-label": Anatomy(
        ("Label",),
        "React.ComponentProps<typeof Label>",
        "<Label $ROOT $SURFACE>{children ?? label}</Label>",
        (Content("label", "React.ReactNode", '"Name"', "The visible text"),),
        owns_state=False,
        children=True,
    ),
    "shadcn-checkbox": labelled("Checkbox", "Accept terms and conditions"),
    "shadcn-switch": labelled("Switch", "Airplane mode"),
    "shadcn-toggle": Anatomy(
        ("Toggle",),
        "React.ComponentProps<typeof Toggle>",
        "<Toggle $ROOT $SURFACE>{children ?? label}</Toggle>",
        (Content("label", "React.ReactNode", '"Bold"', "The visible text"),),
        children=True,
        variant_props=("variant", "size"),
    ),
    "shadcn-slider": Anatomy(
        ("Slider",),
        "React.ComponentProps<typeof Slider>",
        # The root is a plain span (no role may be named), so a group carries the name.
        '<div role="group" aria-label={label} $GROUP>\n  <Slider $ROOT $SURFACE />\n</div>',
        (Content("label", "string", '"Volume"', "The accessible name"),),
        a11y_marker="$GROUP",
    ),
    "shadcn-progress": Anatomy(
        ("Progress",),
        "React.ComponentProps<typeof Progress>",
        "<Progress aria-label={label} value={value} $ROOT $SURFACE />",
        (
            Content("label", "string", '"Upload progress"', "The accessible name"),
            Content("value", "number | undefined", "undefined", "How far along, 0 to 100"),
        ),
    ),
    "shadcn-separator": Anatomy(
        ("Separator",),
        "React.ComponentProps<typeof Separator>",
        "<Separator $ROOT $SURFACE />",
        owns_state=False,
    ),
    "shadcn-skeleton": Anatomy(
        ("Skeleton",),
        "React.ComponentProps<typeof Skeleton>",
        "<Skeleton $ROOT $SURFACE />",
        owns_state=False,
    ),
}
