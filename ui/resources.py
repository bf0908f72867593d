"""Data files of the kiosk (fonts, icons, translations), found with importlib.resources."""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

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


@cache
def icon_file(name: str, color: str) -> str:
    """A file of the icon drawn in ``color``, for a style sheet's ``url()``: Qt reads those only from files.

    Written once per icon and colour into a private temporary folder, removed when the process ends.
    """
    path = _tinted_folder() / f"{name}-{re.sub(r'[^0-9A-Za-z]', '', color)}.svg"
    path.write_text(icon_svg(name).replace("currentColor", color), encoding="utf-8")
    return path.as_posix()


@cache
def _tinted_folder() -> Path:
    folder = tempfile.mkdtemp(prefix="kiosk-icons-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


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
