"""The call announced aloud: a chime, then the number and the desk spoken in Thai, offline.

The engine is espeak-ng (Debian package ``espeak-ng``), given the phrase in its own phoneme
notation (:mod:`kiosk.speech`: its Thai voice cannot read Thai script). Its consonants and
vowels are right; its tones are flat compared with a Thai speaker's. ``announce.voice = false``
leaves the chime alone.
"""

from __future__ import annotations

import array
import io
import logging
import math
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.speech import engine_input

log = logging.getLogger(__name__)

RATE = 22050  # espeak-ng's own rate: nothing is resampled
ENGINE = "espeak-ng"
VOICE = "th"
SPEED_WPM = 135

# Sound ------------------------------------------------------------------------------------------


class AnnounceError(Exception):
    """The announcement cannot be made or played; the message is for staff."""


def chime(*, rate: int = RATE) -> array.array[int]:
    """A two-note "ding-dong" (G5 then E5, bell-like partials, soft attack, exponential decay)."""
    samples = array.array("h")
    for freq, length in ((784.0, 0.55), (659.3, 0.85)):
        n = int(rate * length)
        for i in range(n):
            t = i / rate
            envelope = min(1.0, t / 0.01) * math.exp(-3.2 * t / length)
            tone = (
                math.sin(2 * math.pi * freq * t)
                + 0.35 * math.sin(2 * math.pi * 2 * freq * t)
                + 0.12 * math.sin(2 * math.pi * 3 * freq * t)
            )
            samples.append(int(12000 * envelope * tone))
    return samples


def silence(seconds: float, *, rate: int = RATE) -> array.array[int]:
    return array.array("h", bytes(2 * int(rate * seconds)))


def synthesise(text: str, *, engine: str = ENGINE, speed: int = SPEED_WPM, timeout_s: float = 20.0) -> array.array[int]:
    """``text`` (phonemes in ``[[…]]``) spoken by espeak-ng's Thai voice, as 16-bit mono samples at RATE."""
    exe = shutil.which(engine)
    if exe is None:
        raise AnnounceError(f"{engine} is not installed (Debian package espeak-ng)")
    try:
        result = subprocess.run(
            [exe, "-v", VOICE, "-s", str(speed), "--stdout", text],
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AnnounceError(f"{engine} failed: {exc}") from exc
    if result.returncode != 0 or not result.stdout:
        raise AnnounceError(f"{engine} exit {result.returncode}: {result.stderr.decode(errors='replace').strip()}")
    return read_wav(result.stdout)


def read_wav(data: bytes) -> array.array[int]:
    """The samples of a 16-bit mono WAV at RATE (espeak-ng writes its length as unknown on a pipe)."""
    with wave.open(io.BytesIO(data)) as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1 or wav.getframerate() != RATE:
            shape = f"{wav.getnchannels()} channel(s), {8 * wav.getsampwidth()} bit, {wav.getframerate()} Hz"
            raise AnnounceError(f"unexpected audio: {shape}")
        header = 44
    samples = array.array("h", data[header : header + (len(data) - header) // 2 * 2])
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    return samples


def scaled(samples: array.array[int], volume: int) -> array.array[int]:
    factor = max(0, min(100, volume)) / 100
    return array.array("h", (max(-32768, min(32767, int(s * factor))) for s in samples))


def to_wav(samples: array.array[int], *, rate: int = RATE) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        data = samples
        if sys.byteorder == "big":
            data = array.array("h", samples)
            data.byteswap()
        wav.writeframes(data.tobytes())
    return out.getvalue()


@dataclass(frozen=True)
class Announcement:
    ticket: str
    desk: str


@dataclass(frozen=True)
class AnnounceOptions:
    chime: bool = True
    voice: bool = True
    volume: int = 80
    phrase: str = "หมายเลข {ticket} เชิญที่ช่องบริการ {desk}"
    player: str = "auto"


def render(call: Announcement, options: AnnounceOptions, *, engine: str = ENGINE) -> bytes:
    """The announcement as a WAV file: chime, a short pause, the phrase (each as configured)."""
    parts = array.array("h")
    if options.chime:
        parts += chime() + silence(0.25)
    if options.voice:
        parts += synthesise(engine_input(options.phrase, ticket=call.ticket, desk=call.desk), engine=engine)
    if not parts:
        return b""
    return to_wav(scaled(parts, options.volume))


def choose_player(preference: str) -> list[str] | None:
    """The command that plays a WAV file, or None: PulseAudio/PipeWire when it runs, else ALSA."""
    if preference == "none":
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    pulse = bool(os.environ.get("PULSE_SERVER")) or (bool(runtime) and Path(runtime, "pulse", "native").exists())
    order = {"auto": ("paplay", "aplay") if pulse else ("aplay", "paplay"), "paplay": ("paplay",), "aplay": ("aplay",)}
    for name in order.get(preference, ()):
        exe = shutil.which(name)
        if exe is not None:
            return [exe, "-q"] if name == "aplay" else [exe]
    return None


def play(wav_path: Path, command: Sequence[str], *, timeout_s: float = 30.0) -> None:
    """Play a WAV file to the end; AnnounceError (for staff) when there is no sound device."""
    try:
        result = subprocess.run([*command, str(wav_path)], capture_output=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AnnounceError(f"{Path(command[0]).name}: {exc}") from exc
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise AnnounceError(f"{Path(command[0]).name} exit {result.returncode}: {detail[-1] if detail else ''}")


class Announcer:
    """Plays announcements one after the other on its own thread; never raises to the caller.

    Rendered sounds are kept (a recall says the same again). A call still waiting for its turn
    after ``stale_after_s`` (a burst of calls, each about 7 s long) is left out: the screen shows
    it, and a number said a minute late sends people to the wrong desk. A problem (no engine, no
    sound device) goes to ``on_problem`` once per different message, for a note staff can see; the
    calls keep showing on the screen whatever happens to the sound.
    """

    def __init__(
        self,
        options: AnnounceOptions,
        *,
        on_problem: Callable[[str], None] | None = None,
        on_played: Callable[[Announcement], None] | None = None,
        player: Sequence[str] | None = None,
        engine: str = ENGINE,
        stale_after_s: float = 45.0,
    ) -> None:
        self.options = options
        self.stale_after_s = stale_after_s
        self.on_problem = on_problem
        self.on_played = on_played
        self.engine = engine
        self._player = list(player) if player is not None else choose_player(options.player)
        self._queue: queue.Queue[tuple[float, Announcement] | None] = queue.Queue()
        self._closing = threading.Event()
        self._cache: OrderedDict[Announcement, bytes] = OrderedDict()
        self._last_problem = ""
        self._dir = tempfile.TemporaryDirectory(prefix="kiosk-announce-")
        self._thread = threading.Thread(target=self._work, name="announce", daemon=True)
        self._thread.start()
        if self._player is None and options.player != "none" and (options.chime or options.voice):
            self._problem("no sound player (install alsa-utils or pulseaudio-utils)")

    def announce(self, call: Announcement) -> None:
        self._queue.put((time.monotonic(), call))

    def close(self) -> None:
        """Stop after the announcement playing now; those still waiting are dropped."""
        self._closing.set()
        self._queue.put(None)
        self._thread.join(timeout=5)
        self._dir.cleanup()

    def sound(self, call: Announcement) -> bytes:
        """The WAV of ``call``, rendered once."""
        data = self._cache.get(call)
        if data is None:
            data = render(call, self.options, engine=self.engine)
            self._cache[call] = data
            while len(self._cache) > 32:
                self._cache.popitem(last=False)
        return data

    def _problem(self, message: str) -> None:
        if message != self._last_problem:
            self._last_problem = message
            log.warning("announcement: %s", message)
            if self.on_problem is not None:
                self.on_problem(message)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            queued_at, call = item
            if self._closing.is_set():
                continue
            if time.monotonic() - queued_at > self.stale_after_s:
                log.info("announcement of %s left out: its turn came %.0f s late", call.ticket, self.stale_after_s)
                continue
            try:
                data = self.sound(call)
                if data and self._player is not None:
                    path = Path(self._dir.name, "call.wav")
                    path.write_bytes(data)
                    play(path, self._player)
                    self._last_problem = ""
                if self.on_played is not None:
                    self.on_played(call)
            except (AnnounceError, ValueError, OSError) as exc:
                self._problem(str(exc))
