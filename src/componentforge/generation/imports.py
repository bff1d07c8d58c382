"""The import lines of a composed component: the pattern's exports it uses (per primitive file,
aliased where they clash with the component's own names) and what the screenshot's content
needs besides (a card's Button, an alert's lucide icon)."""

from __future__ import annotations

from componentforge.schemas.pattern import Pattern


def import_lines_of(
    pattern: Pattern,
    exports: tuple[str, ...],
    name: str,
    extra: list[tuple[str, str]],
) -> tuple[list[str], dict[str, str]]:
    """The lines, and the aliases given to exports that clash with `name`'s own names."""
    ours = {name, f"{name}Props", f"{name}Item"}
    alias = {n: f"{n}Base" for n in exports if n in ours}
    by_file: dict[str, list[str]] = {}
    packages: dict[str, list[str]] = {}
    for module, export in extra:
        if module.startswith("lucide-"):
            packages.setdefault(module, []).append(export)
        elif export not in exports:
            by_file.setdefault(module, []).append(export)
    for export in exports:
        stem = pattern.source.removeprefix("components/ui/").removesuffix(".tsx")
        if export == "Button" and pattern.id != "shadcn-button":
            stem = "button"
        elif export == "Label" and pattern.id != "shadcn-label":
            stem = "label"
        text = f"{export} as {alias[export]}" if export in alias else export
        by_file.setdefault(stem, []).append(text)
    lines = [
        f'import {{ {", ".join(sorted(names))} }} from "{module}"'
        for module, names in sorted(packages.items())
    ]
    lines += [
        f'import {{ {", ".join(names)} }} from "@/components/ui/{stem}"'
        for stem, names in sorted(by_file.items())
    ]
    return lines, alias
