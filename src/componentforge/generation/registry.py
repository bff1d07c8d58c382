"""The service as a shadcn registry (https://ui.shadcn.com/docs/registry): every primitive of
`patterns/` as `registry:ui` (the exact files generated code is type-checked and rendered
against), `utils` as `registry:lib`, a `registry:style` base that extends nothing upstream,
each generation as `registry:component`, and a generation's tokens as `registry:theme`.

Items name each other through `Link`: a URL beside the one the item was fetched from, or a
namespaced name (`@componentforge/button`) when the caller sends an API key, so the CLI sends
the key with every dependency too. Nothing points at ui.shadcn.com.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from componentforge.generation.idents import kebab
from componentforge.schemas.generation import GenerationResult
from componentforge.schemas.registry import (
    CssVars,
    ItemMeta,
    RegistryFile,
    RegistryIndex,
    RegistryItem,
)

NAMESPACE = "@componentforge"
STYLE = "style"  # the base style's item name
THEME_SUFFIX = "-theme"
THEME_CSS = Path("styles") / "theme.css"  # in validator/: the variables previews render with
Link = Callable[[str], str]  # item name → what `registryDependencies` says

_IMPORT = re.compile(r"""^\s*import\s[^"']*?from\s+["']([^"']+)["']""", re.MULTILINE)
_PROVIDED = {"react", "react-dom"}  # every React project has them
_BLOCK = re.compile(r"(:root|\.dark|@theme inline)\s*\{([^}]*)\}")
_VAR = re.compile(r"--([\w-]+)\s*:\s*([^;]+);")


def linked_by_url(fetched: str) -> Link:
    """Dependencies as URLs beside `fetched` (the URL the item was asked for), so they work
    behind whatever host name and path prefix the caller used."""
    base = fetched.split("?", 1)[0].rsplit("/", 1)[0]
    return lambda name: f"{base}/{name}.json"


def linked_by_namespace(name: str) -> str:
    return f"{NAMESPACE}/{name}"


class Primitives:
    """The library's `components/ui/*.tsx` and `lib/utils.ts`, read once."""

    def __init__(self, patterns_root: Path, theme_css: Path) -> None:
        self.ui = {
            p.stem: p.read_text(encoding="utf-8")
            for p in sorted(
                (patterns_root / "components" / "ui").glob("*.tsx"), key=lambda p: p.stem
            )
        }
        self.utils = (patterns_root / "lib" / "utils.ts").read_text(encoding="utf-8")
        self.theme = _css_vars(theme_css.read_text(encoding="utf-8") if theme_css.is_file() else "")

    def names(self) -> list[str]:
        return [STYLE, "utils", *self.ui]

    def item(self, name: str, link: Link) -> RegistryItem | None:
        if name == STYLE:
            return self.style(link)
        if name == "utils":
            return self.utils_item()
        if name in self.ui:
            return self.ui_item(name, link)
        return None

    def ui_item(self, name: str, link: Link) -> RegistryItem:
        code = self.ui[name]
        ui, packages = imports(code)
        return RegistryItem(
            name=name,
            type="registry:ui",
            title=_title(name),
            description=f"The {_title(name)} primitive ComponentForge checks components against",
            dependencies=packages,
            registryDependencies=[link(d) for d in ui],
            files=[
                RegistryFile(path=f"components/ui/{name}.tsx", type="registry:ui", content=code)
            ],
        )

    def utils_item(self) -> RegistryItem:
        return RegistryItem(
            name="utils",
            type="registry:lib",
            title="Utils",
            description="cn(): joins class names; later Tailwind classes win",
            dependencies=imports(self.utils)[1],
            files=[RegistryFile(path="lib/utils.ts", type="registry:lib", content=self.utils)],
        )

    def style(self, link: Link) -> RegistryItem:
        """The base a project starts from: shadcn's new-york variables (neutral), `utils`, and
        `extends: none`, so `shadcn init <this URL>` takes nothing from ui.shadcn.com."""
        return RegistryItem(
            name=STYLE,
            type="registry:style",
            title="ComponentForge",
            description="The theme variables and utils ComponentForge renders components with",
            extends="none",
            dependencies=["class-variance-authority", "clsx", "tailwind-merge", "lucide-react"],
            registryDependencies=[link("utils")],
            cssVars=self.theme,
        )

    def index(self, homepage: str, link: Link) -> RegistryIndex:
        items = [i for n in self.names() if (i := self.item(n, link)) is not None]
        for item in items:
            item.files = [f.model_copy(update={"content": None}) for f in item.files]
        return RegistryIndex(name="componentforge", homepage=homepage, items=items)


def component_item(result: GenerationResult, link: Link) -> RegistryItem:
    """A generation as `registry:component`: its `.tsx` (stories stay in
    `/generation/{id}`: a project without Storybook could not compile them), the primitives
    it imports as dependencies on this registry, and the npm packages it imports itself. Its
    colours are scoped inline on the component; `{id}-theme` carries them as a theme."""
    name = result.component_name
    code = result.files[f"{name}.tsx"]
    ui, packages = imports(code)
    return RegistryItem(
        name=kebab(name),
        type="registry:component",
        title=name,
        description=f"{name}: generated by ComponentForge from {result.pattern_id}",
        dependencies=packages,
        registryDependencies=[link(d) for d in ui],
        files=[
            RegistryFile(path=f"components/{name}.tsx", type="registry:component", content=code)
        ],
        meta=ItemMeta(
            generation_id=result.generation_id,
            pattern_id=result.pattern_id,
            engine=result.engine,
            validation=result.validation.status if result.validation else None,
            cache_key=result.provenance.cache_key,
        ),
    )


def theme_item(result: GenerationResult) -> RegistryItem:
    """A generation's tokens as `registry:theme`. A screenshot shows one appearance, so light
    and dark get the same colours; sizes (radius) go to both too, as shadcn's themes do."""
    variables = json.loads(result.files.get("tokens.json", "{}")).get("css_variables", {})
    values = {str(k).removeprefix("--"): str(v) for k, v in variables.items()}
    return RegistryItem(
        name=f"{kebab(result.component_name)}{THEME_SUFFIX}",
        type="registry:theme",
        title=f"{result.component_name} theme",
        description=f"The design tokens of generation {result.generation_id}",
        cssVars=CssVars(light=values or None, dark=values or None),
    )


def imports(code: str) -> tuple[list[str], list[str]]:
    """Registry names (`@/components/ui/x` → x, `@/lib/utils` → utils) and npm packages
    (`@scope/pkg/sub` → `@scope/pkg`) a file imports."""
    ui: set[str] = set()
    packages: set[str] = set()
    for spec in _IMPORT.findall(code):
        if spec.startswith("@/components/ui/"):
            ui.add(spec.removeprefix("@/components/ui/"))
        elif spec == "@/lib/utils":
            ui.add("utils")
        elif not spec.startswith((".", "@/")):
            parts = spec.split("/")
            package = "/".join(parts[:2]) if spec.startswith("@") else parts[0]
            if package not in _PROVIDED:
                packages.add(package)
    return sorted(ui), sorted(packages)


def _css_vars(css: str) -> CssVars:
    blocks = {selector: dict(_VAR.findall(body)) for selector, body in _BLOCK.findall(css)}
    strip = {k: v.strip() for k, v in blocks.get("@theme inline", {}).items()}
    return CssVars(
        theme=strip or None,
        light={k: v.strip() for k, v in blocks.get(":root", {}).items()} or None,
        dark={k: v.strip() for k, v in blocks.get(".dark", {}).items()} or None,
    )


def _title(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("-"))
