"""The compositions of controls: buttons, badges, fields, toggles, indicators."""

from __future__ import annotations

from componentforge.generation.anatomy import LABEL, Anatomy, Content

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
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "  <Input id={inputId} $ROOT $SURFACE />\n"
        "</div>",
        (Content("label", "string", '"Email"', "The field's visible label"),),
        owns_state=False,
    ),
    "shadcn-textarea": Anatomy(
        ("Textarea", "Label"),
        "React.ComponentProps<typeof Textarea>",
        '<div className="grid gap-1.5">\n'
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "  <Textarea id={inputId} $ROOT $SURFACE />\n"
        "</div>",
        (Content("label", "string", '"Message"', "The field's visible label"),),
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
    "shadcn-checkbox": Anatomy(
        ("Checkbox", "Label"),
        "React.ComponentProps<typeof Checkbox>",
        '<div className="flex items-center gap-2">\n'
        "  <Checkbox id={inputId} $ROOT $SURFACE />\n"
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "</div>",
        (Content("label", "string", '"Accept terms and conditions"', "The visible label"),),
    ),
    "shadcn-switch": Anatomy(
        ("Switch", "Label"),
        "React.ComponentProps<typeof Switch>",
        '<div className="flex items-center gap-2">\n'
        "  <Switch id={inputId} $ROOT $SURFACE />\n"
        "  <Label htmlFor={inputId}>{label}</Label>\n"
        "</div>",
        (Content("label", "string", '"Airplane mode"', "The visible label"),),
    ),
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
        "<Progress aria-label={label} $ROOT $SURFACE />",
        (Content("label", "string", '"Upload progress"', "The accessible name"),),
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
