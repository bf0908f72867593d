"""Import python-escpos without its side effects on logging and the temporary directory."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from types import ModuleType

_lock = threading.Lock()


def escpos_printer_module() -> ModuleType:
    """``escpos.printer``, imported once, lazily (it costs start-up time the UI does not need).

    ``escpos.capabilities`` calls ``logging.basicConfig()`` at import time, which would put a
    stderr handler on the root logger of whoever imports us, and it makes a new temporary
    directory on every import unless ``ESCPOS_CAPABILITIES_PICKLE_DIR`` is set.
    """
    with _lock:
        cache = Path(os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR") or _cache_dir())
        cache.mkdir(parents=True, exist_ok=True)  # python-escpos fails if the directory is missing
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
        root = logging.getLogger()
        handlers_before = list(root.handlers)
        try:
            import escpos.printer

            module: ModuleType = escpos.printer
        finally:
            for handler in root.handlers[:]:
                if handler not in handlers_before:
                    root.removeHandler(handler)
        return module


def _cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("damrongdhama-kiosk", appauthor=False)) / "escpos"
