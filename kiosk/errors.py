"""The kiosk's refusals: a stable code, a Thai sentence for the screen, a precise English one for staff."""

from __future__ import annotations


class KioskError(Exception):
    """Something asked of the kiosk that it cannot do. ``str()`` is the English message.

    ``exit_code`` is what a ``kiosk`` command ends with when it meets this refusal: 1 for a
    failure (the hub did not answer), 2 for a request that cannot be done as asked.
    """

    exit_code = 1

    def __init__(self, code: str, th: str, en: str) -> None:
        self.code = code
        self.th = th
        self.en = en
        super().__init__(en)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled with its three parts (an export rendered in a child process sends its refusal back).
        return (type(self), (self.code, self.th, self.en), self.__dict__)


class ExportCancelled(Exception):
    """The user cancelled a long export; nothing was written. (Here rather than in :mod:`kiosk.exports`
    so the command frame can catch it without importing the exports.)"""
