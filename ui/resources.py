"""Data files of the kiosk (fonts, icons, translations), found with importlib.resources."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from PySide6.QtGui import QFontDatabase


def data(*parts: str) -> Traversable:
    return resources.files("resources").joinpath(*parts)


@cache
def icon_svg(name: str) -> str:
    """The SVG text of an icon; an unknown name gives the neutral ``other`` icon."""
    path = data("icons", f"{name}.svg")
    if not path.is_file():
        path = data("icons", "other.svg")
    return path.read_text(encoding="utf-8")


def load_fonts() -> list[str]:
    """Register the bundled Sarabun faces: with no Thai font installed Qt draws boxes."""
    families: set[str] = set()
    for entry in data("fonts").iterdir():
        if entry.name.endswith(".ttf"):
            font_id = QFontDatabase.addApplicationFontFromData(entry.read_bytes())
            if font_id < 0:
                raise RuntimeError(f"Qt could not load the font {entry.name}")
            families.update(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(families)
