"""The floor each product figure is compared with, measured in the same run (issue 17).

A machine's speed drifts by a third from hour to hour, so a figure alone says little; the ratio of
the product to the least the machine can do for the same result, measured side by side, holds.
``make bench`` prints every row collected here at the end (benchmarks/conftest.py).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Row:
    measure: str
    product: float
    floor: float
    unit: str  # "ms", "MB" or "s"
    target: str  # e.g. "≤ 3×" or "≤ 0.25 s over"
    ratio_target: float | None  # None: the target is the difference, not the ratio
    difference_target: float | None = None

    @property
    def ratio(self) -> float:
        return self.product / self.floor

    @property
    def met(self) -> bool:
        if self.ratio_target is not None:
            return self.ratio <= self.ratio_target
        assert self.difference_target is not None
        return self.product - self.floor <= self.difference_target

    def line(self) -> str:
        result = f"+{self.product - self.floor:.3f} {self.unit}" if self.ratio_target is None else f"{self.ratio:.1f}×"
        return (
            f"| {self.measure} | {self.product:.3g} {self.unit} | {self.floor:.3g} {self.unit} | {result} "
            f"| {self.target} {'met' if self.met else 'NOT met'} |"
        )


ROWS: list[Row] = []


def record(row: Row) -> Row:
    ROWS.append(row)
    return row


def table() -> list[str]:
    head = ["| measure | product | floor, same run | ratio | target |", "|---|---|---|---|---|"]
    return head + [row.line() for row in ROWS]


def median(values: list[float]) -> float:
    return statistics.median(values)


# Processes: from process start to a line on stdout ------------------------------------------


def until_line(command: list[str], env: dict[str, str], prefix: str) -> tuple[float, str]:
    """Seconds from starting ``command`` to its first stdout line starting with ``prefix``, and that line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.startswith(prefix):
                return time.perf_counter() - started, line.strip()
        raise AssertionError(f"{command} never printed {prefix!r}")
    finally:
        process.stdout.close()
        process.wait(timeout=60)


def offscreen_env(**extra: str) -> dict[str, str]:
    """The environment of a measured process: no display, and bytecode cached as on an installed kiosk
    (a shell with PYTHONDONTWRITEBYTECODE would compile every module of the kiosk at each start)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return dict(env, QT_QPA_PLATFORM="offscreen", **extra)


# The floor of start-up and memory: a bare PySide6 window with one Sarabun label -------------

BARE_WINDOW = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase, QFont
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
with open(sys.argv[1], "rb") as f:
    QFontDatabase.addApplicationFontFromData(f.read())
label = QLabel("แตะที่นี่ เพื่อรับบัตรคิว")
label.setFont(QFont("Sarabun", 48))
label.resize(1280, 800)
label.show()

def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def ready():
    print("ready", flush=True)
    if os.environ.get("KIOSK_EXIT_WHEN_READY") == "idle":
        QTimer.singleShot(1500, lambda: (print(f"idle {rss_mb():.1f}", flush=True), app.quit()))
    else:
        app.quit()

QTimer.singleShot(0, ready)
app.exec()
"""


def bare_window(mode: str, prefix: str) -> tuple[float, str]:
    font = ROOT / "resources" / "fonts" / "Sarabun-Regular.ttf"
    return until_line([sys.executable, "-c", BARE_WINDOW, str(font)], offscreen_env(KIOSK_EXIT_WHEN_READY=mode), prefix)


def kiosk_window(home: Path, mode: str, prefix: str) -> tuple[float, str]:
    command = [sys.executable, "-m", "kiosk", "--home", str(home), "run", "--windowed"]
    return until_line(command, offscreen_env(KIOSK_EXIT_WHEN_READY=mode), prefix)
