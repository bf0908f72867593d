"""The kiosk's TicketPrinter on ESC/POS: slips as ``GS v 0`` raster images, status by ``DLE EOT``, faults mapped."""

from __future__ import annotations

import json
import logging
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from PIL import Image

from kiosk.printing import (
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrinterState,
    SurveySlip,
    TicketSlip,
)
from printers._escpos import escpos_printer_module
from printers.profile import PrinterProfile
from printers.raster import NativeQr, RenderError, SlipImage, render_ruler, render_survey, render_ticket
from printers.transports import STATUS_READ_S, Transport, escpos_profile

log = logging.getLogger(__name__)

ESC, GS, DLE, EOT = b"\x1b", b"\x1d", b"\x10", b"\x04"
INIT = ESC + b"@"  # ESC @: initialise the printer
FEED_DOTS = ESC + b"J"  # ESC J n: print and feed n dots
ALIGN_LEFT, ALIGN_CENTRE = ESC + b"a\x00", ESC + b"a\x01"  # ESC a n: raster images and QR codes too
MIN_FEED = 3  # blank runs at least this tall are sent as a paper feed, not as white raster rows
MAX_BAND = 960  # python-escpos's fragment height; some printers' buffers take no more
# A band is split into raster blocks cropped at their own right edge (see _split). Each block
# is priced at 64 bytes, its 8-byte header (GS v 0 m xL xH yL yH) and more: a split must save
# that much, so the printer gets a few dozen blocks a slip, not one per line of dots.
BLOCK_PRICE = 64
MAX_BLOCK = 128  # rows: keeps the search linear in the slip's height
# A printer waits for every byte a GS v 0 header declares. Keeping each block small bounds what
# a send cut off in the middle can leave it waiting for, and so what the next slip must first
# send to finish that block (see EscposTicketPrinter._resynchronise): about 2 s at 9,600 baud.
MAX_BLOCK_BYTES = 2048
RASTER_HEADER = 8
RESYNC_FILE = "printer-resync.json"  # in the data directory

# DLE EOT n real-time status (Epson ESC/POS; Xprinter, Bixolon, Citizen and others follow it).
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER = 1, 2, 4
_FIXED_MASK, _FIXED_BITS = 0x93, 0x12  # bits 1 and 4 set, bits 0 and 7 clear in every status byte
_OFFLINE = 0x08
_COVER_OPEN = 0x04
_PAPER_END_STOP = 0x20
_PAPER_NEAR_END = 0x0C
_PAPER_END = 0x60


@dataclass(frozen=True)
class RasterBlock:
    """A ``GS v 0`` block: ``height`` rows of ``width`` bytes, a set bit a black dot; ``centred``
    ones are cropped the same on both sides and centred by the printer."""

    width: int  # bytes
    height: int
    data: bytes
    box: tuple[int, int, int, int]  # what it is of the image: left, top, right, bottom, in dots
    centred: bool = False

    def command(self) -> bytes:
        """``GS v 0 m xL xH yL yH`` and the rows, in normal density (m = 0)."""
        return GS + b"v0\x00" + struct.pack("<HH", self.width, self.height) + self.data


_COMPLEMENT = bytes(255 - byte for byte in range(256))  # bytes.translate table: every bit flipped


def bands(image: Image.Image, *, centre: bool = True) -> Iterator[RasterBlock | int]:
    """Cut a 1-bit image into raster blocks and the blank runs between them (as a number of dots).

    A blank run costs 3 bytes as a paper feed instead of ``width / 8`` bytes per row. A block is
    cropped after its rightmost black byte, or, with ``centre`` (the printer centres raster
    images after ``ESC a 1``), by as many bytes on the left as on the right, so centred lines
    and QR codes do not send their white margins (:func:`_split`): a ticket is mostly paper.
    """
    width, height = image.size
    stride = (width + 7) // 8
    raw = image.tobytes()  # mode 1: 1 = white, rows padded to whole bytes
    # The rows as GS v 0 takes them: 1 = black, and the bits after a row's last dot white.
    ink = raw.translate(_COMPLEMENT) if width % 8 == 0 else image.tobytes("raw", "1;I")
    rows = [raw[y * stride : (y + 1) * stride] for y in range(height)]
    rights = [len(row) for row in map(bytes.rstrip, rows, repeat(b"\xff"))]
    lefts = [stride - len(row) for row in map(bytes.lstrip, rows, repeat(b"\xff"))]
    blank = [right == 0 for right in rights]  # the profile's width is a whole number of bytes
    margins = [stride // 2 if blank[i] else min(lefts[i], stride - rights[i]) for i in range(height)]
    y = 0
    while y < height:
        start = y
        while y < height and blank[y]:
            y += 1
        if y - start >= MIN_FEED or (y == height and y > start):
            yield y - start
        else:
            y = start  # a short gap stays inside the next band
        if y >= height:
            break
        band_start = end = y
        while end < height and end - band_start < MAX_BAND:
            if not blank[end]:
                end += 1
                continue
            run_end = end
            while run_end < height and blank[run_end]:
                run_end += 1
            if run_end - end >= MIN_FEED or run_end == height:
                break
            end = run_end
        end = min(end, band_start + MAX_BAND)
        for top, bottom, right, margin in _split(rights, margins if centre else None, stride, band_start, end):
            if margin:
                yield _block(ink, width, top, bottom, margin, stride - margin, centred=True)
            else:
                yield _block(ink, width, top, bottom, 0, min(max(right, 1), stride))
        y = end


def _block(
    ink: bytes, width: int, top: int, bottom: int, left: int, right: int, *, centred: bool = False
) -> RasterBlock:
    """Rows ``top``–``bottom`` of an image ``width`` dots wide, bytes ``left``–``right`` of each."""
    stride = (width + 7) // 8
    if left == 0 and right == stride:
        data = ink[top * stride : bottom * stride]
    else:
        data = b"".join(ink[y * stride + left : y * stride + right] for y in range(top, bottom))
    return RasterBlock(right - left, bottom - top, data, (left * 8, top, min(right * 8, width), bottom), centred)


def _split(
    rights: list[int], margins: list[int] | None, stride: int, start: int, end: int
) -> list[tuple[int, int, int, int]]:
    """The cheapest way to send rows ``start``–``end`` as raster blocks: (top, bottom, bytes wide
    from the left, bytes cropped on each side when centred, else 0).

    A block costs its height times its width: up to its rightmost ink, or, centred, the paper's
    width less twice the narrowest white margin of its rows. A short line of text under a long
    one, or the rows of a QR code above and below the text beside it, go in blocks of their own
    when that saves more than :data:`BLOCK_PRICE`. Dynamic programming over the rows, blocks of
    at most :data:`MAX_BLOCK` rows and :data:`MAX_BLOCK_BYTES` bytes.

    The blocks ending at row ``j`` are tried from the shortest up, and the search stops where no
    taller one can be cheaper. With ``w`` the row width of a block ``[i, j)``, and any row ``a``
    between: sending rows ``i``–``a`` as one more block after the cheapest way to send the rows
    above ``i`` is a way to send the rows above ``a``, so ``cost[a] <= cost[i] + BLOCK_PRICE +
    (a - i) * w`` and ``cost[i] + (j - i) * w >= cost[a] - BLOCK_PRICE + (j - a) * w``. As ``w``
    only grows with the block, once that bound reaches the best found, for ``a = j - 1`` or
    ``a`` = the best block's top, no taller block is cheaper. Ties keep the shortest block: the
    splits are those of trying every block (tests/printers/test_escpos.py compares the two).
    """
    widths = [max(right, 1) for right in rights[start:end]]
    sides = margins[start:end] if margins is not None else [0] * (end - start)
    spans = [max(stride - 2 * side, 1) for side in sides]  # a centred row's bytes, margins cropped
    count = len(widths)
    cost = [0] * (count + 1)  # cost[j]: the cheapest way to send the first j rows
    cut = [0] * (count + 1)  # where the last block of that cheapest way begins
    for j in range(1, count + 1):  # the inner loop is a slip's hot spot: plain comparisons
        widest, span = widths[j - 1], spans[j - 1]
        row_bytes = min(widest, span)
        best, best_cut = cost[j - 1] + row_bytes, j - 1  # row j - 1 alone, however wide
        for i in range(j - 2, max(j - MAX_BLOCK, 0) - 1, -1):
            if widths[i] > widest or spans[i] > span:  # the block's rows widen
                widest = widths[i] if widths[i] > widest else widest
                span = spans[i] if spans[i] > span else span
                row_bytes = span if span < widest else widest
                if (
                    cost[j - 1] - BLOCK_PRICE + row_bytes >= best
                    or cost[best_cut] - BLOCK_PRICE + (j - best_cut) * row_bytes >= best
                ):
                    break
            size = (j - i) * row_bytes
            if size > MAX_BLOCK_BYTES:
                break
            candidate = cost[i] + size
            if candidate < best:
                best, best_cut = candidate, i
                if cost[j - 1] - BLOCK_PRICE + row_bytes >= best:
                    break
        cost[j], cut[j] = best + BLOCK_PRICE, best_cut
    blocks: list[tuple[int, int, int, int]] = []
    j = count
    while j > 0:
        i = cut[j]
        widest, margin = max(widths[i:j]), min(sides[i:j])
        centred = 0 < stride - 2 * margin < widest
        blocks.append((start + i, start + j, widest, margin if centred else 0))
        j = i
    return blocks[::-1]


@dataclass(frozen=True)
class EscposJob:
    """The bytes of one slip, and the longest command in them (what a cut-off send can leave open)."""

    data: bytes
    longest: int


def encode_job(slip: SlipImage, profile: PrinterProfile) -> EscposJob:
    """The ESC/POS bytes of a slip: init, raster bands and feeds, native QR codes, feed and cut."""
    commands = [INIT]
    longest = len(INIT)
    centred = False

    def align(centre: bool) -> None:
        nonlocal centred
        if centre != centred:
            commands.append(ALIGN_CENTRE if centre else ALIGN_LEFT)
            centred = centre

    for part in slip.parts:
        if isinstance(part, NativeQr):
            qr = _native_qr(part, profile)
            commands += (ALIGN_CENTRE, qr, ALIGN_LEFT)
            longest = max(longest, len(qr))
            centred = False
            continue
        if part.width > profile.dots:  # drawn for wider paper (python-escpos refused it too)
            raise ValueError(f"a slip image {part.width} dots wide for a printer of {profile.dots}")
        for band in bands(part, centre=profile.centre_raster):
            if isinstance(band, int):
                commands += (FEED_DOTS + bytes([min(255, band - start)]) for start in range(0, band, 255))
                continue
            align(band.centred)
            command = band.command()
            commands.append(command)
            longest = max(longest, len(command))
    align(False)
    commands.append(_slip_end(profile))
    return EscposJob(data=b"".join(commands), longest=longest)


def _native_qr(qr: NativeQr, profile: PrinterProfile) -> bytes:
    """The ``GS ( k`` commands of a QR code the printer draws, from python-escpos (its
    ``qr(native=True, center=True)`` raises NotImplementedError: the caller aligns it)."""
    from escpos.constants import QR_ECLEVEL_M

    printer = escpos_printer_module().Dummy(profile=escpos_profile(profile))
    printer.qr(qr.data, ec=QR_ECLEVEL_M, size=qr.module, native=True)
    data: bytes = printer.output
    return data


def encode(slip: SlipImage, profile: PrinterProfile) -> bytes:
    return encode_job(slip, profile).data


def _slip_end(profile: PrinterProfile) -> bytes:
    """Feed the slip past the cutter and cut it, or past the tear bar."""
    return ESC + b"d\x06" + (GS + b"V\x00" if profile.cut else b"")


def resynchronisation(open_bytes: int, profile: PrinterProfile) -> bytes:
    """What makes a printer whole again after a send cut off somewhere in a command of at most
    ``open_bytes`` bytes: zeros finish that command (a raster block prints as white rows), the
    zeros left over are NUL, which ESC/POS ignores; ESC @ resets the printer, and the spoiled
    part of the slip is fed out and cut off on its own."""
    return bytes(open_bytes) + INIT + _slip_end(profile)


def status_query(n: int) -> bytes:
    return DLE + EOT + bytes([n])


def _status_byte(reply: bytes) -> int | None:
    """The status byte of a reply, or ``None`` for silence or noise (never guess "no paper")."""
    if not reply:
        return None
    byte = reply[-1]
    return byte if byte & _FIXED_MASK == _FIXED_BITS else None


class _ResyncNote:
    """The padding a printer is owed, by printer URI, in a small JSON file (none: kept in memory only)."""

    def __init__(self, path: Path | None, uri: str) -> None:
        self.path, self.uri = path, uri

    def _read(self) -> dict[str, int]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def load(self) -> int | None:
        return self._read().get(self.uri)

    def save(self, open_bytes: int | None) -> None:
        if self.path is None:
            return
        notes = self._read()
        if open_bytes is None:
            if notes.pop(self.uri, None) is None:
                return
        else:
            notes[self.uri] = open_bytes
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".tmp")
            partial.write_text(json.dumps(notes), encoding="utf-8")
            partial.replace(self.path)
        except OSError as exc:  # a read-only home: the note stays in memory
            log.warning("%s: cannot keep the printer's resynchronisation note: %s", self.path, exc)


class EscposTicketPrinter:
    """:class:`kiosk.printing.TicketPrinter` for any ESC/POS printer: Thai is sent as an image."""

    def __init__(
        self,
        transport: Transport,
        profile: PrinterProfile,
        *,
        sample: bool = False,
        resync_file: Path | None = None,
    ) -> None:
        self.transport = transport
        self.profile = profile
        self.sample = sample
        # After a send that failed part way, the printer may sit in the middle of a command
        # (a raster block waits for every byte it declared): the longest command it may be
        # in. The next thing sent finishes it first (:func:`resynchronisation`). Kept in
        # ``resync_file`` too, so a restarted kiosk or the next `kiosk print` command knows.
        self._resync = _ResyncNote(resync_file, transport.uri)
        self._open_command: int | None = self._resync.load()

    def _resynchronise(self) -> None:
        """Finish whatever command a failed send left open, before anything else reaches the printer."""
        if self._open_command is None:
            return
        self.transport.write(resynchronisation(self._open_command, self.profile))
        log.info("%s: finished the slip cut off before (%d bytes of padding)", self.transport.uri, self._open_command)
        self._open_command = None
        self._resync.save(None)

    def _query(self, n: int) -> int | None:
        self.transport.write(status_query(n))
        return _status_byte(self.transport.read(min(STATUS_READ_S, self.profile.timeout_s)))

    def state(self) -> PrinterState:
        try:
            self._resynchronise()  # a status query must not land inside an open raster block
            return self._read_state()
        except PrinterError as exc:
            log.warning("printer status: %s", exc.en)
            return PrinterState.OFFLINE

    def _read_state(self) -> PrinterState:
        """The state by ``DLE EOT``; silence is UNKNOWN; a printer that cannot be reached raises."""
        if not self.transport.can_read:
            return PrinterState.UNKNOWN
        printer = self._query(STATUS_PRINTER)
        if printer is None:
            return PrinterState.UNKNOWN
        paper = self._query(STATUS_PAPER)
        if paper is not None and paper & _PAPER_END:
            return PrinterState.PAPER_OUT
        if printer & _OFFLINE:
            cause = self._query(STATUS_OFFLINE_CAUSE)
            if cause is not None and cause & _PAPER_END_STOP and not cause & _COVER_OPEN:
                return PrinterState.PAPER_OUT
            return PrinterState.OFFLINE
        if paper is not None and paper & _PAPER_NEAR_END:
            return PrinterState.PAPER_LOW
        return PrinterState.READY

    def print_ticket(self, slip: TicketSlip) -> None:
        self._print(lambda: render_ticket(slip, self.profile, sample=self.sample), f"ticket {slip.label}")

    def print_survey(self, slip: SurveySlip) -> None:
        self._print(lambda: render_survey(slip, self.profile, sample=self.sample), f"survey slip of {slip.label}")

    def ticket_bytes(self, slip: TicketSlip) -> bytes:
        return encode(render_ticket(slip, self.profile, sample=self.sample), self.profile)

    def print_calibration(self) -> None:
        """The calibration ruler of ``kiosk print test``: what prints of the profile's width."""
        self._print(lambda: render_ruler(self.profile), "calibration ruler")

    def _print(self, draw: Callable[[], SlipImage], what: str) -> None:
        try:
            job = encode_job(draw(), self.profile)
        except RenderError as exc:
            raise PrinterError(f"{what}: cannot draw the slip: {exc}") from exc
        where = self.transport.uri
        try:
            self._resynchronise()
            state = self._read_state()
        except PrinterError as exc:
            raise type(exc)(f"{exc.en}; {what} not printed") from exc
        if state is PrinterState.PAPER_OUT:
            raise PaperOut(f"{where}: out of paper; {what} not printed")
        if state is PrinterState.OFFLINE:
            raise PrinterOffline(f"{where}: printer offline (cover open, error or not connected); {what} not printed")
        if state is PrinterState.UNKNOWN and self.transport.can_read:
            log.info("%s: no status reply; printing %s anyway", where, what)
        try:
            self.transport.write(job.data)
            self.transport.end_job()
        except PrinterError as exc:
            # Where the printer stopped is unknown (bytes wait in the OS, the adapter, the
            # printer): any command may be open, none longer than job.longest.
            if self.transport.sent:
                self._open_command = RASTER_HEADER + job.longest
                self._resync.save(self._open_command)
            status = "" if state is not PrinterState.UNKNOWN else " (the printer had not answered the status query)"
            raise type(exc)(f"{exc.en}; {what} not printed{status}") from exc
        log.info("%s: printed %s (%d bytes)", where, what, len(job.data))

    def close(self) -> None:
        self.transport.close()
