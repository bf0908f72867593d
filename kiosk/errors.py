"""The kiosk's refusals: a stable code, a Thai sentence for the screen, a precise English one for staff."""

from __future__ import annotations


class KioskError(Exception):
    """Something asked of the kiosk that it cannot do. ``str()`` is the English message."""

    def __init__(self, code: str, th: str, en: str) -> None:
        self.code = code
        self.th = th
        self.en = en
        super().__init__(en)
