"""The kiosk under test: ``python -m tests.e2e.kiosk_main HOME``, started by :class:`tests.e2e.driver.KioskProcess`.

It starts the kiosk exactly as ``kiosk run`` does in kiosk mode (``ui.app.start``: the window
full-screen and frameless, the register and printer on their workers, the staff gesture, the
on-screen keyboard built after the first paint) from the ``kiosk.toml`` in HOME, and adds only
the read-only :mod:`tests.e2e.probe` that answers the test's questions.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from kiosk.config import load_config
    from tests.e2e import probe
    from ui import app

    config = load_config(Path(argv[0]))
    kiosk = app.start(config, kiosk_mode=True, hide_cursor=False)
    keep = probe.install(kiosk)
    try:
        return kiosk.app.exec()
    finally:
        del keep
        kiosk.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
