"""PySide6 without the copy of every module's source it would keep.

PySide6 replaces ``__import__``, and after each module imported in the process asks whether the
module opts into ``from __feature__ import snake_case, true_property``. It decides by looking for
the word "PySide6" in ``inspect.getsource(module)``, and ``inspect`` keeps every line it read in
``linecache`` for good: the kiosk at rest held the source of some 550 modules, about 20 MB of its
resident memory (napari/napari#8584 found the same). This project never uses ``__feature__``;
:func:`install` gives PySide6 the same answer from the file, read and let go.
"""

from __future__ import annotations

import importlib
import linecache
from types import ModuleType


def mentions_pyside6(module: ModuleType) -> bool:
    """PySide6's own test (the word in the module's source file), without keeping the source."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # an extension or a module without a file: PySide6 finds no source either
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def install() -> None:
    """Once, before the kiosk's own modules are imported; a PySide6 without the hook is left alone."""
    try:
        feature = importlib.import_module("PySide6.support.feature")
    except ImportError:  # pragma: no cover - a PySide6 built without the feature machinery
        return
    if hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", mentions_pyside6)  # noqa: B010 (a private name mypy cannot see)
        linecache.clearcache()  # the few sources read before this point
