"""Writing an export safely: a temporary file renamed at the end, progress and cancellation."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.exports.rows import CancelCheck, ExportCancelled, Progress


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it only if the block succeeds.

    A cancelled or failed export leaves neither a partial file nor the temporary one.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o640)  # a register holds personal data: not world-readable
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class Reporter:
    """Maps the steps of one export onto 0…1 and raises :class:`ExportCancelled` when asked to stop.

    ``reporter.stage(0.1, 0.9)`` gives a callback for a sub-task reporting its own 0…1,
    like Orange's ``wrap_callback``.
    """

    def __init__(self, progress: Progress | None, cancelled: CancelCheck | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._last = -1.0

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled("export cancelled")

    def report(self, fraction: float) -> None:
        self.check()
        fraction = min(max(fraction, 0.0), 1.0)
        # a progress bar needs no more than a few hundred updates
        if self._progress is not None and (fraction - self._last >= 0.005 or fraction >= 1.0):
            self._last = fraction
            self._progress(fraction)

    def stage(self, start: float, end: float) -> Callable[[float], None]:
        def sub(fraction: float) -> None:
            self.report(start + (end - start) * fraction)

        return sub
