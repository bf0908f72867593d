"""Tap to repaint on a real X server (issue 10): the kiosk in kiosk mode, as ``kiosk run`` starts it,
full screen on an Xvfb of 1920×1080, tapped with real pointer events (XTEST); each tap timed from
the click (press and release sent at once) to the first batch of drawing after which the screen
shows the answer.

make bench PYTEST_ARGS="-s -k touch"

- The X server and the kiosk process are the end-to-end suite's (``tests/xserver.py``,
  ``tests/e2e/driver.py``): the kiosk's probe says where a button or a key is, between taps only.
- The drawing is followed with XDamage on the kiosk's window: this process sleeps in the socket
  read meanwhile, no polling competes with the kiosk for the 2 CPUs. After each batch of damage a
  few rows of pixels are read back (``Probe``): a screen change is answered when 1 % of those
  rows outside the tapped button have changed (its pressed look is no answer), a key when its
  letter is drawn in the field.
- "1st px" is the first damage after the click, whatever it draws (mostly the pressed look).
- Several visits a process and several processes: the first name screen of a process (the
  on-screen keyboard's first showing) is measured on its own.
"""

from __future__ import annotations

import os
import select
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from Xlib import X  # python-xlib, in the test extra, as are the end-to-end suite's X server and kiosk process
from Xlib.ext import damage, xtest

from tests import xserver as xserver_helper
from tests.e2e import driver

WIDTH, HEIGHT = 1920, 1080
PROCESSES = int(os.environ.get("BENCH_TOUCH_PROCESSES", 3))  # each one's first name screen loads the keyboard
VISITS = int(os.environ.get("BENCH_TOUCH_VISITS", 3))  # a process
TAP_TARGET_S = 0.100  # the median of each kind of tap
FIRST_NAME_TARGET_S = 0.300  # the first name screen of a process, every time
QUIET_S = 0.25  # no drawing for this long: the screen is at rest, the next tap may come
TIMEOUT_S = 10.0
TAP_GUARD_S = 0.45  # the window swallows taps for 0.4 s after each change of screen (a double tap's second)
TRACE = bool(os.environ.get("BENCH_TOUCH_TRACE"))  # every damage batch of every tap on stderr

SERVICE = "ตรวจสอบสิทธิหลักประกันสุขภาพ"  # on the first page of services
NAME = "สมชาย ใจดี"
FIRST_NAME = "identify → details, first of the process (keyboard)"
KEY = "a key of the on-screen keyboard (its letter in the field)"
# (what, the screen it is tapped on, the button's text, exact)
BEFORE_NAME = [
    ("welcome → services (start)", "welcome", "แตะที่นี่ เพื่อรับบัตรคิว", False),
    ("services → group (a service)", "services", SERVICE, False),
    ("group → identify", "group", "ทั่วไป", True),
]
TYPE_NAME = "พิมพ์ชื่อ-นามสกุล"
AFTER_NAME = [
    ("details → privacy", "details", "ถัดไป", False),
    ("privacy → summary", "privacy", "รับทราบ", False),
    ("summary → ticket (confirm)", "summary", "ยืนยัน รับบัตรคิว", False),
    ("ticket → welcome (done)", "ticket", "เสร็จสิ้น", False),
]

Rect = tuple[int, int, int, int]


class Screen:
    """The kiosk's window as the X server draws it: XDamage on it, pixels read back, XTEST taps."""

    def __init__(self, x: Any) -> None:
        self.display = x.display
        self.display.damage_query_version()  # the extension answers only once asked
        self.window = self._kiosk_window()
        # The root window's damage would say the whole screen for any drawing in a child window.
        self.damage = self.window.damage_create(damage.DamageReportRawRectangles)
        self.damage_event = self.display.extension_event.DamageNotify
        self.display.sync()

    def _kiosk_window(self) -> Any:
        for child in self.display.screen().root.query_tree().children:
            geometry = child.get_geometry()
            viewable = child.get_attributes().map_state == X.IsViewable
            if viewable and (geometry.x, geometry.y, geometry.width, geometry.height) == (0, 0, WIDTH, HEIGHT):
                return child
        raise AssertionError("no full-screen window on the X server")

    def close(self) -> None:
        self.display.damage_destroy(self.damage)
        self.display.sync()

    def _batches(self, deadline: float) -> Iterator[tuple[float, list[Rect]]]:
        """Damage rectangles as they come, in the batches the socket gives, each with the time it
        was read, until the deadline."""
        display = self.display
        while True:
            batch: list[Rect] = []
            while display.pending_events():
                event = display.next_event()
                if event.type == self.damage_event:
                    area = event.area
                    batch.append((area.x, area.y, area.width, area.height))
            if batch:
                yield time.perf_counter(), batch
                continue
            left = deadline - time.perf_counter()
            if left <= 0:
                return
            select.select([display.fileno()], [], [], left)

    def quiet(self, for_s: float = QUIET_S) -> None:
        """Wait until nothing is drawn for ``for_s`` (the hover, the last paint, a worker's answer)."""
        limit = time.perf_counter() + TIMEOUT_S
        while time.perf_counter() < limit:
            if not any(True for _ in self._batches(time.perf_counter() + for_s)):
                return
        raise AssertionError("the screen never came to rest")

    def pixels(self, rect: Rect) -> memoryview:
        x, y, w, h = rect
        image = self.window.get_image(x, y, w, h, X.ZPixmap, 0xFFFFFFFF)
        return memoryview(bytes(image.data)).cast("I")

    def tap(self, at: tuple[int, int], probe: Probe) -> tuple[float, float]:
        """A click at ``at`` (press and release at once): seconds to the first damage, and to the
        first batch after which the probe's pixels show the answer."""
        xtest.fake_input(self.display, X.MotionNotify, x=at[0], y=at[1])
        self.display.sync()
        self.quiet()
        before = probe.take(self)
        pressed = time.perf_counter()
        xtest.fake_input(self.display, X.ButtonPress, 1)
        xtest.fake_input(self.display, X.ButtonRelease, 1)
        self.display.flush()
        first = 0.0
        for read, batch in self._batches(pressed + TIMEOUT_S):
            first = first or read - pressed
            changed = probe.changed(before, probe.take(self))
            if TRACE:
                print(f"  {(read - pressed) * 1000:6.1f} ms {changed:6} px {batch}", file=sys.stderr)
            if changed >= probe.enough:
                return first, read - pressed
        raise AssertionError(f"no answer on screen within {TIMEOUT_S} s of a tap at {at}")


@dataclass
class Probe:
    """Where the answer to a tap must show: rectangles of pixels read after each damage batch
    (a few whole rows for a screen change, the field for a key), less the tapped button (its
    pressed look is not an answer). ``enough`` changed pixels make the answer."""

    rects: list[Rect]
    enough: int
    skip: Rect = (0, 0, 0, 0)

    @classmethod
    def new_screen(cls, button: Rect) -> Probe:
        rows = [(0, HEIGHT * (2 * k + 1) // 24, WIDTH, 1) for k in range(12)]
        return cls(rows, enough=WIDTH * 12 // 100, skip=button)  # 1 % of the rows: not a clock's tick

    @classmethod
    def field(cls, rect: Rect) -> Probe:
        # More than the text cursor's blink (a bar of about 50 pixels); the least letter, ี, is 90.
        return cls([rect], enough=80)

    def take(self, screen: Screen) -> list[memoryview]:
        return [screen.pixels(rect) for rect in self.rects]

    def changed(self, before: list[memoryview], after: list[memoryview]) -> int:
        sx, sy, sw, sh = self.skip
        count = 0
        for (x, y, w, _h), old, new in zip(self.rects, before, after, strict=True):
            if sy <= y < sy + sh:  # a row through the tapped button: leave the button out
                for i, (a, b) in enumerate(zip(old, new, strict=True)):
                    if a != b and not sx <= x + i % w < sx + sw:
                        count += 1
            else:
                count += sum(1 for a, b in zip(old, new, strict=True) if a != b)
        return count


# The flow --------------------------------------------------------------------------------------


@dataclass
class Figures:
    taps: dict[str, list[float]] = field(default_factory=dict)
    first_pixel: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, first: float, answer: float) -> None:
        self.taps.setdefault(name, []).append(answer)
        self.first_pixel.setdefault(name, []).append(first)


def _rect(found: dict[str, int]) -> Rect:
    return (found["x"], found["y"], found["w"], found["h"])


def one_visit(screen: Screen, kiosk: Any, figures: Figures, *, first_of_process: bool) -> None:
    """A citizen's whole visit, every tap timed: the name typed key by key on the on-screen keyboard."""

    def change_screen(label: str, at: str, text: str, exact: bool) -> None:
        kiosk.wait_screen(at)
        time.sleep(TAP_GUARD_S)  # a citizen's next tap: the kiosk ignores taps just after a screen changes
        found = [f for f in kiosk.find(text, exact=exact) if f["enabled"] and f["tappable"]]
        assert len(found) == 1, f"{text!r} on {at}: {found}"
        button = _rect(found[0])
        figures.add(
            label, *screen.tap((button[0] + button[2] // 2, button[1] + button[3] // 2), Probe.new_screen(button))
        )

    for step in BEFORE_NAME:
        change_screen(*step)
    change_screen(FIRST_NAME if first_of_process else "identify → details", "identify", TYPE_NAME, False)
    state = kiosk.wait(lambda s: (s["focus"] or {}).get("object") == "full_name", "the name field focused")
    name_field = _rect(state["focus"])
    time.sleep(TAP_GUARD_S)
    kiosk.wait_keys(lambda keys: set(NAME) - {" "} <= keys, "the Thai layout")
    for char in NAME:
        if char == " ":  # a space at the end draws only the cursor further on
            kiosk.type(char)
            continue
        shown = kiosk.keys()
        key = next(k for k in shown if k["text"] == char and k["hit"])
        figures.add(KEY, *screen.tap((key["x"] + key["w"] // 2, key["y"] + key["h"] // 2), Probe.field(name_field)))
    typed = kiosk.state()["fields"]["full_name"]
    assert typed == NAME, typed
    for step in AFTER_NAME:
        change_screen(*step)
    kiosk.wait_screen("welcome")


def report(figures: Figures) -> list[str]:
    ms = 1000
    lines = [f"{'tap (XTEST click → answer on screen, Xvfb 1920x1080)':58} {'median':>7} {'max':>7} {'1st px':>7}  n"]
    for name, values in figures.taps.items():
        median, top = statistics.median(values) * ms, max(values) * ms
        first = statistics.median(figures.first_pixel[name]) * ms
        lines.append(f"{name:58} {median:4.0f} ms {top:4.0f} ms {first:4.0f} ms  {len(values)}")
    return lines


def kiosk_toml(home: Path) -> str:
    """An ordinary district's configuration; no card reader, no board published (no port taken)."""
    return (
        '[station]\nid = "BENCH-TOUCH"\ncentre_name = "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"\n'
        f'[printer]\nuri = "preview://{home.as_posix()}/slips"\n'
        '[survey]\nurl = "https://example.org/survey"\n'
        "[ui]\nidle_seconds = 600\ncard_reader = false\n"
        '[display]\nlisten = ""\n'
    )


@pytest.fixture(scope="module")
def xserver() -> Iterator[Any]:
    with xserver_helper.xvfb(WIDTH, HEIGHT) as x:
        yield x


def test_tap_to_repaint_under_x(benchmark: BenchmarkFixture, xserver: Any, tmp_path: Path) -> None:
    figures = Figures()

    def measure() -> None:
        for n in range(PROCESSES):
            home = tmp_path / f"home-{n}"
            home.mkdir()
            (home / "kiosk.toml").write_text(kiosk_toml(home))
            with driver.KioskProcess(xserver, home, log=tmp_path / f"kiosk-{n}.log") as kiosk:
                kiosk.wait_ready()
                screen = Screen(xserver)
                try:
                    for visit in range(VISITS):
                        one_visit(screen, kiosk, figures, first_of_process=visit == 0)
                finally:
                    screen.close()

    benchmark.pedantic(measure, rounds=1, iterations=1)
    lines = report(figures)
    print("\n" + "\n".join(lines))
    for name, values in figures.taps.items():
        benchmark.extra_info[name] = round(statistics.median(values) * 1000, 1)
    first = figures.taps[FIRST_NAME]
    others = {k: statistics.median(v) for k, v in figures.taps.items() if k != FIRST_NAME}
    slow = {k: f"{v * 1000:.0f} ms" for k, v in others.items() if v > TAP_TARGET_S}
    assert not slow, f"taps slower than {TAP_TARGET_S * 1000:.0f} ms (median): {slow}"
    assert max(first) <= FIRST_NAME_TARGET_S, f"first name screen: {[round(v * 1000) for v in first]} ms"
