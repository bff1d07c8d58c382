"""Every pattern's composition, by pattern id (the modules group them by kind)."""

from __future__ import annotations

from componentforge.generation.anatomy import Anatomy
from componentforge.generation.anatomy_content import CONTENT
from componentforge.generation.anatomy_controls import CONTROLS
from componentforge.generation.anatomy_overlays import OVERLAYS

ANATOMIES: dict[str, Anatomy] = {**CONTROLS, **CONTENT, **OVERLAYS}
