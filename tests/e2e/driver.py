"""The test's side of the end-to-end suite: a kiosk process on an Xvfb, tapped with real X pointer events.

:class:`KioskProcess` starts ``python -m tests.e2e.kiosk_main HOME`` on the X server of
:mod:`tests.xserver` (Qt's xcb platform, Qt Virtual Keyboard as the input method) with two pipes
to its :mod:`tests.e2e.probe`. The test asks the probe where things are and what is shown; it
acts only through :class:`tests.xserver.XServer` — XTEST presses and releases at screen
coordinates, which the X server delivers to the kiosk's window as a mouse or touchscreen would.
Nothing here calls a widget of the kiosk.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.probe import FDS_ENV
from tests.xserver import XServer

ROOT = Path(__file__).resolve().parents[2]
Json = dict[str, Any]

START_TIMEOUT_S = 40.0  # the first start of a process on a loaded 2-core machine: Qt, the register, the keyboard
ANSWER_TIMEOUT_S = 15.0
KEY_TIMEOUT_S = 4.0  # a key's letter in the field: a few event loop turns, even on a busy machine
# A person looks at a new screen before tapping it: about half a second at the least. A tap sooner
# is a stray tap (the second of a double tap), which the kiosk may rightly ignore (0.4 s after a change).
LOOK_S = 0.45


class KioskGone(AssertionError):
    """The kiosk process ended or stopped answering."""


class KioskProcess:
    """One kiosk under test. Use as a context manager: the process is stopped at the end."""

    def __init__(self, x: XServer, home: Path, *, log: Path) -> None:
        self.x = x
        self.home = home
        self.log = log
        to_kiosk_r, self._to_kiosk = os.pipe()
        self._from_kiosk, from_kiosk_w = os.pipe()
        env = x.env(
            QT_IM_MODULE="qtvirtualkeyboard",
            PYTHONPATH=str(ROOT),
            PYTHONFAULTHANDLER="1",  # a crash of the kiosk leaves its threads' stacks in the log
            **{FDS_ENV: f"{to_kiosk_r},{from_kiosk_w}"},
        )
        env.pop("QT_SCALE_FACTOR", None)
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.e2e.kiosk_main", str(home)],
                pass_fds=(to_kiosk_r, from_kiosk_w),
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        os.close(to_kiosk_r)
        os.close(from_kiosk_w)
        self._buffer = b""
        self.dirty = False  # the staff area was opened: the next test gets a kiosk of its own
        self._last_tap = 0.0
        self._sent = 0  # the taps sent (each one release), to know when the kiosk has taken them all

    def __enter__(self) -> KioskProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.ask("quit", timeout=5)
                self.process.wait(timeout=10)
            except (KioskGone, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        for fd in (self._to_kiosk, self._from_kiosk):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._to_kiosk = self._from_kiosk = -1

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # The probe ---------------------------------------------------------------------------------

    def ask(self, what: str, *, timeout: float = ANSWER_TIMEOUT_S, **args: Any) -> Any:
        """One question to the probe, its answer (the kiosk answers between two of its events)."""
        if self.process.poll() is not None:
            raise KioskGone(f"the kiosk exited with {self.process.returncode}:\n{self.log_tail()}")
        os.write(self._to_kiosk, (json.dumps({"ask": what, **args}) + "\n").encode())
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_kiosk], [], [], left)[0]:
                raise KioskGone(f"the kiosk did not answer {what!r} within {timeout:.0f} s:\n{self.log_tail()}")
            chunk = os.read(self._from_kiosk, 65536)
            if not chunk:
                raise KioskGone(f"the kiosk closed its probe (exit {self.process.poll()}):\n{self.log_tail()}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        answer = json.loads(line)
        if not answer["ok"]:
            raise AssertionError(f"the probe failed on {what!r}: {answer['error']}")
        return answer["result"]

    def state(self) -> Json:
        result: Json = self.ask("state")
        return result

    def events(self) -> list[Json]:
        """The screens shown since the last call, in order."""
        result: list[Json] = self.ask("events")
        return result

    def wait(self, condition: Callable[[Json], bool], what: str, *, timeout: float = 10.0) -> Json:
        """Ask for the state until ``condition`` holds; fail with ``what`` and the last state."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if condition(state):
                return state
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; the kiosk shows {state}")
            time.sleep(0.02)

    def wait_screen(self, name: str, *, timeout: float = 10.0) -> Json:
        return self.wait(lambda s: s["screen"] == name and not s["staff"], f"the {name!r} screen", timeout=timeout)

    def wait_ready(self) -> Json:
        """The welcome screen up with the register, the services and the keyboard loaded."""
        state = self.wait(lambda s: s["ready"] and s["screen"] == "welcome", "the kiosk ready", timeout=START_TIMEOUT_S)
        self.events()  # what start-up showed is not the test's
        return state

    # Finding and tapping -----------------------------------------------------------------------

    def find(self, text: str | None = None, *, name: str | None = None, exact: bool = False) -> list[Json]:
        """Where ``text`` (or the widget named ``name``) is shown and a tap would reach it."""
        found: list[Json] = self.ask("find", text=text, object=name, exact=exact)
        return [f for f in found if f["hit"]]

    def where(
        self, text: str | None = None, *, name: str | None = None, exact: bool = False, timeout: float = 10.0
    ) -> tuple[int, int]:
        """The centre of the one tappable, enabled place showing ``text`` (waiting for it to appear)."""
        deadline = time.monotonic() + timeout
        what = repr(text) if text is not None else f"the widget {name!r}"
        while True:
            found = [f for f in self.find(text, name=name, exact=exact) if f["enabled"]]
            if any(f["tappable"] for f in found):  # a button or a field, rather than a label saying the same
                found = [f for f in found if f["tappable"]]
            if len(found) == 1:
                f = found[0]
                return f["x"] + f["w"] // 2, f["y"] + f["h"] // 2
            if len(found) > 1:
                raise AssertionError(f"{what} is shown in {len(found)} places: {found}")
            if time.monotonic() > deadline:
                state = self.state()
                raise AssertionError(f"{what} is not on screen (or covered, or disabled); the kiosk shows {state}")
            time.sleep(0.05)

    def look(self) -> None:
        """Wait, as a person does, until the last tap has been taken and what it changed has been up :data:`LOOK_S`."""
        deadline = time.monotonic() + ANSWER_TIMEOUT_S
        while True:
            state = self.state()
            taken = int(state["releases"]) >= self._sent
            wait = max(LOOK_S - float(state["since_change"]), self._last_tap + LOOK_S - time.monotonic())
            if taken and wait <= 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the kiosk took {state['releases']} of {self._sent} taps; it shows {state}")
            time.sleep(max(0.02, wait if taken else 0.02))

    def click(self, x: int, y: int, count: int = 1, interval_s: float = 0.0) -> list[float]:
        """``count`` real taps (XTEST press and release) at (x, y), ``interval_s`` apart; when each was sent."""
        sent = self.x.taps(x, y, count, interval_s)
        self._sent += count
        self._last_tap = time.monotonic()
        return sent

    def tap(self, text: str | None = None, *, name: str | None = None, exact: bool = False) -> tuple[int, int]:
        """One real tap (XTEST press and release) on what shows ``text``, once the screen has been seen."""
        self.look()
        x, y = self.where(text, name=name, exact=exact)
        self.click(x, y)
        return x, y

    # Typing on the on-screen keyboard ----------------------------------------------------------

    def keys(self) -> list[Json]:
        result: list[Json] = self.ask("keys")
        return result

    def wait_keys(self, condition: Callable[[set[str]], bool], what: str, *, timeout: float = 10.0) -> list[Json]:
        """The keyboard's keys once their texts satisfy ``condition`` (a layout has loaded)."""
        deadline = time.monotonic() + timeout
        while True:
            keys = self.keys()
            if condition({k["text"] for k in keys if k["hit"]}):
                return keys
            if time.monotonic() > deadline:
                shown = sorted({k["text"] for k in keys})
                raise AssertionError(f"timed out waiting for {what}; keys on screen: {shown}; {self.state()}")
            time.sleep(0.05)

    def type(self, text: str) -> str:
        """Type ``text`` one key at a time on the on-screen keyboard, each key tapped with XTEST.

        After each tap the focused field must show one more letter: a key that types nothing
        fails at once, naming the field and the key. Returns the field's text at the end.
        """
        self.look()
        state = self.state()
        layout: dict[str, Json] = {}
        for char in text:
            focus = state["focus"]
            assert focus is not None and focus["editable"], (
                f"the focus is on {focus and focus['class']}, not a text field: the key {char!r} would type"
                f" into nothing; the kiosk shows {state}"
            )
            if char not in layout:  # the keys stay in place while the layout does
                layout = {k["text"]: k for k in reversed(self.keys()) if k["hit"]}
            key = layout.get(char)
            assert key is not None, f"no key {char!r} on the on-screen keyboard; {state}"
            before = focus["text"]
            self.click(key["x"] + key["w"] // 2, key["y"] + key["h"] // 2)

            def changed(s: Json, before: str = before) -> bool:
                return s["focus"] is not None and s["focus"]["text"] != before

            state = self.wait(
                changed,
                f"the key {char!r} to type into {focus['class']} {focus['object']!r} (it showed {before!r})",
                timeout=KEY_TIMEOUT_S,
            )
        typed: str = state["focus"]["text"]
        return typed
