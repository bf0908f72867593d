"""The real PC/SC stack with an emulated card: a private pcscd with the vpcd virtual reader, a Thai ID card in Python.

``pcscd`` (pcsc-lite 1.9) always makes its socket at ``/run/pcscd/pcscd.comm``; to run one
of its own, each test session starts it in a private mount namespace (``unshare``) with a
temporary directory bound over ``/run/pcscd``, and points the client library there with
``PCSCLITE_CSOCK_NAME`` (read once per process: it is set before the first PC/SC call). The
reader configuration is private too (``pcscd -c``): the vpcd driver listens on a free TCP
port, and :class:`EmulatedCard` connects to it as the card, speaking vpcd's protocol:
frames of a 2-byte big-endian length, then either one control byte (0 power off, 1 power
on, 2 reset, 4 ATR request) or a command APDU; the card answers the ATR request and each
APDU with a frame. Closing the connection is pulling the card out.

Missing packages are a failure, never a skip: ``make test`` installs pcscd and vsmartcard-vpcd.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
THAI_ATR = bytes.fromhex("3B6700007320006C689000")  # the older cards: GET RESPONSE with P2 = 01
THAI_ATR_NEW = bytes.fromhex("3B78180000544820494443524400")[:13]  # the newer ones: P2 = 00
OTHER_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")  # a transit card, say

# A made-up citizen whose ID has a right check digit (1-1037-02071-56-1 is not a real person).
CITIZEN_ID = "1103702071561"  # check digit 1
NAME_TH = "นาย#สมชาย##ใจดี"
NAME_EN = "Mr.#Somchai##Jaidee"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def pad(text: str | bytes, length: int) -> bytes:
    raw = text if isinstance(text, bytes) else text.encode("tis_620")
    return raw.ljust(length, b" ")[:length]


@dataclass
class ThaiIdChip:
    """What the chip holds and how it misbehaves. ``asked`` records every READ BINARY offset, to prove what was read."""

    atr: bytes = THAI_ATR
    citizen_id: bytes = field(default_factory=lambda: pad(CITIZEN_ID, 13))
    name_th: bytes = field(default_factory=lambda: pad(NAME_TH, 100))
    name_en: bytes = field(default_factory=lambda: pad(NAME_EN, 100))
    thai_applet: bool = True
    pull_after: int | None = None  # close the connection instead of answering the n-th APDU (1-based)
    answer_delay: float = 0.0  # seconds the chip takes for each answer
    garbage_after_select: bool = False  # a damaged chip: selects, then answers noise
    asked: list[str] = field(default_factory=list)
    apdus: int = 0
    _pending: bytes = b""
    _selected: bool = False

    @property
    def get_response_p2(self) -> int:
        return 0x01 if self.atr[:2] == b"\x3b\x67" else 0x00

    def answer(self, apdu: bytes) -> bytes:
        """The R-APDU to a command APDU."""
        if apdu == bytes.fromhex("00A4040008A000000054480001"):
            if not self.thai_applet:
                return b"\x6a\x82"  # file not found
            self._selected = True
            return b"\x61\x0a"
        if self.garbage_after_select:
            return b"\xde\xad\xbe\xef"
        if apdu[:2] == b"\x80\xb0" and len(apdu) == 7 and self._selected:
            offset = apdu[2:4].hex().upper()
            self.asked.append(offset)
            data = {"0004": self.citizen_id, "0011": self.name_th, "0075": self.name_en}.get(offset)
            if data is None:  # the emulation holds only these: any other read is a failure of the test
                self._pending = b"\x00" * apdu[6]
            else:
                self._pending = data[: apdu[6]]
            return bytes([0x61, apdu[6]])
        if apdu[:2] == b"\x00\xc0" and len(apdu) == 5:
            if apdu[3] != self.get_response_p2:
                return b"\x6a\x86"  # wrong P1-P2: the class this card does not take
            data, self._pending = self._pending, b""
            return data[: apdu[4]] + b"\x90\x00"
        return b"\x6d\x00"  # instruction not supported


class EmulatedCard:
    """A card in a vpcd reader slot: connect = insert, close = pull out."""

    def __init__(self, port: int, chip: ThaiIdChip, *, reader_name: str) -> None:
        self.chip = chip
        self.reader_name = reader_name
        self.port = port
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.powered = threading.Event()

    def insert(self, timeout: float = 5.0) -> EmulatedCard:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._sock = socket.create_connection(("127.0.0.1", self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._serve, args=(self._sock,), daemon=True, name="vicc")
        self._thread.start()
        return self

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self._wait_until_empty()

    def _wait_until_empty(self) -> None:
        # vpcd notices a closed connection at its next poll: a card put back sooner would meet the old one's state.
        from smartcard import scard

        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            return  # pcscd is stopped: nothing left to notice
        try:
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                result, found = scard.SCardGetStatusChange(context, 0, [(self.reader_name, scard.SCARD_STATE_UNAWARE)])
                if result != scard.SCARD_S_SUCCESS or not found[0][1] & scard.SCARD_STATE_PRESENT:
                    return
                time.sleep(0.02)
            raise AssertionError(f"{self.reader_name} still shows a card after it was pulled out")
        finally:
            scard.SCardReleaseContext(context)

    def _serve(self, sock: socket.socket) -> None:
        chip = self.chip
        try:
            while True:
                head = _recv_exact(sock, 2)
                if head is None:
                    return
                (length,) = struct.unpack(">H", head)
                body = _recv_exact(sock, length)
                if body is None:
                    return
                if length == 1:
                    if body[0] == 4:
                        _send(sock, chip.atr)
                    elif body[0] in (1, 2):
                        self.powered.set()
                    continue
                chip.apdus += 1
                if chip.pull_after is not None and chip.apdus >= chip.pull_after:
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                    return
                if chip.answer_delay:
                    time.sleep(chip.answer_delay)
                _send(sock, chip.answer(body))
        except OSError:
            return
        finally:
            sock.close()


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


class PrivatePcscd:
    """pcscd with its own socket and its own readers (vpcd on free ports). ``stop()``/``start()`` for faults."""

    def __init__(self, base: Path) -> None:
        for program in ("pcscd", "unshare", "mount"):
            if shutil.which(program) is None and not Path("/usr/sbin", program).exists():
                pytest.fail(f"{program} is not installed (make test installs pcscd)", pytrace=False)
        if not VPCD_DRIVER.exists():
            pytest.fail(f"{VPCD_DRIVER} is missing: install vsmartcard-vpcd (make test does it)", pytrace=False)
        self.base = base
        self.run_dir = base / "run"
        self.conf_dir = base / "conf"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        self.log = base / "pcscd.log"
        self.ports: list[int] = []
        self.cards: list[EmulatedCard] = []
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        return self.run_dir / "pcscd.comm"

    def set_readers(self, count: int) -> None:
        """Configure the vpcd driver (``count`` 1) or none (0). One vpcd shows two reader slots: port and port + 1
        (its driver keeps the sockets process-wide, so a second vpcd entry would not add independent readers)."""
        for old in self.conf_dir.iterdir():
            old.unlink()
        self.ports = []
        if count:
            port = free_port()
            while port >= 65535 or not _port_free(port + 1):
                port = free_port()
            self.ports = [port, port + 1]
            (self.conf_dir / "vpcd").write_text(
                f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:{port}\nLIBPATH {VPCD_DRIVER}\nCHANNELID {port}\n'
            )

    def start(self) -> None:
        for stale in ("pcscd.comm", "pcscd.pid"):
            (self.run_dir / stale).unlink(missing_ok=True)
        private_run = f"mkdir -p /run/pcscd && mount --bind {self.run_dir} /run/pcscd"
        script = f"{private_run} && exec pcscd --foreground -c {self.conf_dir}"
        with self.log.open("ab") as log:
            self._proc = subprocess.Popen(
                ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while not (self.socket_path.exists() and all(not _port_free(p) for p in self.ports)):
            if self._proc.poll() is not None:
                pytest.fail(f"pcscd stopped at start: {self.log.read_text(errors='replace')[-2000:]}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"pcscd did not start: {self.log.read_text(errors='replace')[-2000:]}", pytrace=False)
            time.sleep(0.05)

    @property
    def running_with(self) -> int | None:
        """How many vpcd drivers the running pcscd has (None when it is stopped)."""
        return len(self.ports) // 2 if self._proc is not None and self._proc.poll() is None else None

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        (self.run_dir / "pcscd.comm").unlink(missing_ok=True)

    def card(self, chip: ThaiIdChip | None = None, *, reader: int = 0) -> EmulatedCard:
        card = EmulatedCard(self.ports[reader], chip or ThaiIdChip(), reader_name=f"Virtual PCD 00 0{reader}")
        self.cards.append(card)
        return card

    def remove_cards(self) -> None:
        while self.cards:
            self.cards.pop().remove()


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
        return True


def wait_for(condition: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


_BASE: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    # The client library reads its socket's name once per process: set it before any PC/SC call.
    global _BASE
    _BASE = Path(tempfile.mkdtemp(prefix="kiosk-pcscd-"))
    os.environ["PCSCLITE_CSOCK_NAME"] = str(_BASE / "run" / "pcscd.comm")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _BASE is not None:
        shutil.rmtree(_BASE, ignore_errors=True)


@pytest.fixture(scope="session")
def pcscd_session() -> Iterator[PrivatePcscd]:
    if os.geteuid() != 0:
        pytest.fail("the PC/SC tests start pcscd in a private mount namespace: run them as root (CI does)")
    assert _BASE is not None
    daemon = PrivatePcscd(_BASE)
    daemon.set_readers(1)
    daemon.start()
    yield daemon
    daemon.remove_cards()
    daemon.stop()


@pytest.fixture
def pcscd(pcscd_session: PrivatePcscd) -> Iterator[PrivatePcscd]:
    """The private pcscd with one vpcd driver, running; a test may stop it or change its readers."""
    yield pcscd_session
    pcscd_session.remove_cards()
    if pcscd_session.running_with != 1:
        pcscd_session.stop()
        pcscd_session.set_readers(1)
        pcscd_session.start()
