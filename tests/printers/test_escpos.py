"""The bytes sent to the printer, and what they print once decoded back."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from PIL import Image

from kiosk.models import Lane
from printers.escpos_printer import EscposTicketPrinter, encode
from printers.profile import PrinterProfile, all_profiles
from printers.raster import SlipImage, render_ruler, render_survey, render_ticket
from printers.samples import DEMO_SURVEY_URL, sample_survey, sample_ticket
from printers.transports import DummyTransport, parse_uri
from tests.printers.helpers import decode, difference, load_png, read_qr

GOLDEN = Path(__file__).parent / "golden"
# Regenerate after a reviewed change of layout: KIOSK_UPDATE_GOLDEN=1 pytest tests/printers
UPDATE = os.environ.get("KIOSK_UPDATE_GOLDEN") == "1"
TOLERANCE = 0.005  # share of pixels; font rasterising may move a few edge pixels across FreeType versions

WIDE = PrinterProfile(paper_width_mm=80, dots=576)
NARROW = PrinterProfile(paper_width_mm=58, dots=384)


def _image(rows: list[str]) -> Image.Image:
    image = Image.new("1", (len(rows[0]), len(rows)), 1)
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            if cell == "#":
                image.putpixel((x, y), 0)
    return image


def test_exact_bytes_of_a_small_raster_with_cut() -> None:
    slip = SlipImage(width=16, parts=(_image(["#...............", ".......#........"]),))
    assert encode(slip, WIDE) == (
        b"\x1b@"  # ESC @ initialise
        + b"\x1dv0\x00"  # GS v 0, normal density
        + b"\x01\x00\x02\x00"  # 1 byte wide (cropped after the last black byte), 2 rows
        + b"\x80\x01"
        + b"\x1bd\x06"  # feed 6 lines past the cutter
        + b"\x1dV\x00"  # GS V 0: full cut
    )


def test_blank_runs_become_paper_feeds_and_no_cut_when_the_printer_has_no_cutter() -> None:
    rows = ["#" * 16] + ["." * 16] * 300 + ["........#......."]
    slip = SlipImage(width=16, parts=(_image(rows),))
    no_cutter = PrinterProfile(cut=False)
    assert encode(slip, no_cutter) == (
        b"\x1b@"
        + b"\x1dv0\x00\x02\x00\x01\x00\xff\xff"
        + b"\x1bJ\xff\x1bJ\x2d"  # ESC J: 255 + 45 = 300 dots of paper feed instead of white raster
        + b"\x1dv0\x00\x02\x00\x01\x00\x00\x80"
        + b"\x1bd\x06"
    )


def test_a_narrow_stretch_under_a_wide_one_goes_in_a_narrower_block() -> None:
    # 40 rows of ink across 128 dots, then 40 rows of one dot at the left: one block would send
    # 16 bytes a row for all 80 rows; two blocks send the lower half 1 byte a row.
    rows = ["#" * 128] * 40 + ["#" + "." * 127] * 40
    image = _image(rows)
    data = encode(SlipImage(width=128, parts=(image,)), WIDE)
    printed = decode(data, 128)
    assert printed.raster_blocks == [(128, 40), (8, 40)]
    assert difference(printed.image, image) == 0.0
    assert len(data) == 2 + (8 + 40 * 16) + (8 + 40 * 1) + 3 + 3


def test_a_centred_line_is_sent_without_its_margins_and_centred_by_the_printer() -> None:
    rows = ["." * 8 + "#" * 16 + "." * 8] * 100  # ink in the middle 2 of 4 bytes
    slip = SlipImage(width=32, parts=(_image(rows),))
    data = encode(slip, WIDE)
    assert data.startswith(b"\x1b@" + b"\x1ba\x01" + b"\x1dv0\x00\x02\x00\x64\x00" + b"\xff\xff" * 100 + b"\x1ba\x00")
    assert difference(decode(data, 32).image, _image(rows)) == 0.0
    no_centring = PrinterProfile(centre_raster=False)
    assert decode(encode(slip, no_centring), 32).raster_blocks == [(24, 100)]


def test_a_split_that_saves_less_than_a_block_is_worth_is_not_made() -> None:
    # the last row is 1 byte narrower: 1 byte saved does not pay for another block
    rows = ["#" * 16] * 20 + ["#" * 8 + "." * 8]
    printed = decode(encode(SlipImage(width=16, parts=(_image(rows),)), WIDE), 16)
    assert printed.raster_blocks == [(16, 21)]


def _split_trying_every_block(
    rights: list[int], margins: list[int] | None, stride: int, start: int, end: int
) -> list[tuple[int, int, int, int]]:
    """escpos_printer._split as it was before it stopped its search early (issue 17)."""
    from printers.escpos_printer import BLOCK_PRICE, MAX_BLOCK, MAX_BLOCK_BYTES

    widths = [max(right, 1) for right in rights[start:end]]
    sides = margins[start:end] if margins is not None else [0] * (end - start)
    count = len(widths)
    cost = [0] * (count + 1)
    cut = [0] * (count + 1)
    for j in range(1, count + 1):
        best, best_cut, widest, margin = -1, 0, 0, stride
        for i in range(j - 1, max(j - MAX_BLOCK, 0) - 1, -1):
            widest = max(widest, widths[i])
            margin = min(margin, sides[i])
            row_bytes = max(1, min(stride - 2 * margin, widest))
            size = (j - i) * row_bytes
            if size > MAX_BLOCK_BYTES and i < j - 1:
                break
            if best < 0 or cost[i] + size < best:
                best, best_cut = cost[i] + size, i
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


def test_the_block_search_stops_early_yet_splits_as_trying_every_block_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from printers import escpos_printer

    rng = random.Random(17)
    for _ in range(150):  # rows of ink in runs of similar width, flush left or centred, and blank rows
        stride = rng.choice([2, 3, 16, 48, 64, 72])
        rights: list[int] = []
        margins: list[int] = []
        while len(rights) < 300:
            right, left, noise = rng.randrange(stride + 1), rng.randrange(stride // 2 + 1), rng.choice([0, 1, 4, 20])
            for _ in range(rng.choice([1, 2, 5, 30, 120])):
                r = min(stride, max(0, right + rng.randint(-noise, noise)))
                le = min(r, max(0, left + rng.randint(-noise, noise))) if r else stride
                rights.append(r)
                margins.append(stride // 2 if r == 0 else min(le, stride - r))
        start = rng.randrange(len(rights))
        end = rng.randrange(start + 1, min(len(rights), start + escpos_printer.MAX_BAND) + 1)
        for sides in (margins, None):
            found = escpos_printer._split(rights, sides, stride, start, end)
            assert found == _split_trying_every_block(rights, sides, stride, start, end)

    split = escpos_printer._split
    calls = 0

    def both(rights: list[int], margins: list[int] | None, stride: int, start: int, end: int) -> object:
        nonlocal calls
        calls += 1
        found = split(rights, margins, stride, start, end)
        assert found == _split_trying_every_block(rights, margins, stride, start, end)
        return found

    monkeypatch.setattr(escpos_printer, "_split", both)
    for profile in (WIDE, NARROW, PrinterProfile(centre_raster=False)):
        encode(render_ticket(sample_ticket(), profile), profile)
        encode(render_survey(sample_survey(), profile), profile)
    assert calls > 30


def _random_raster(rng: random.Random, width: int, height: int) -> Image.Image:
    """Runs of rows with ink of random lengths, flush left, centred or anywhere, and blank runs."""
    image = Image.new("1", (width, height), 1)
    y = 0
    while y < height:
        rows = rng.choice([1, 2, 3, 8, 30, 90])
        kind = rng.choice(["blank", "left", "centred", "anywhere"])
        for row in range(y, min(height, y + rows)) if kind != "blank" else ():
            length = rng.randrange(1, width + 1)
            left = {"left": 0, "centred": (width - length) // 2}.get(kind, rng.randrange(width - length + 1))
            image.paste(0, (left, row, left + length, row + 1))
        y += rows
    return image


@pytest.mark.parametrize("width", [16, 30, 100, 384, 576])
def test_each_raster_block_is_what_python_escpos_sends_for_that_part_of_the_image(width: int) -> None:
    # The kiosk writes GS v 0 itself: python-escpos took each block through RGBA, grey and back
    # to 1 bit, a third of a ticket's time. Its bytes stay python-escpos's, widths of odd dots too.
    from printers._escpos import escpos_printer_module
    from printers.escpos_printer import RasterBlock, bands
    from printers.transports import escpos_profile

    rng = random.Random(width)
    checked = 0
    for image in [_random_raster(rng, width, rng.randrange(1, 400)) for _ in range(4)]:
        for centre in (True, False):
            for block in bands(image, centre=centre):
                if isinstance(block, RasterBlock):
                    reference = escpos_printer_module().Dummy(profile=escpos_profile(WIDE))
                    reference.image(image.crop(block.box), impl="bitImageRaster")
                    assert block.command() == reference.output
                    checked += 1
    assert checked >= 8


def test_a_slip_drawn_for_wider_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="576 dots wide"):
        encode(SlipImage(width=576, parts=(Image.new("1", (576, 8), 0),)), NARROW)


@pytest.mark.parametrize(("profile", "limit"), [(WIDE, 32 * 1024), (NARROW, 24 * 1024)], ids=["80mm", "58mm"])
def test_the_longest_sample_ticket_stays_under_32_kib(profile: PrinterProfile, limit: int) -> None:
    # issue 3: at most 32 KB to the printer (the sample has the catalogue's longest service name)
    assert len(encode(render_ticket(sample_ticket(), profile), profile)) <= limit


@pytest.mark.parametrize("profile", [WIDE, NARROW], ids=["80mm", "58mm"])
def test_ticket_stream_decodes_to_the_slip_with_its_qr(profile: PrinterProfile) -> None:
    slip = sample_ticket()
    data = encode(render_ticket(slip, profile), profile)
    printed = decode(data, profile.dots)
    assert printed.commands[0] == "init"
    assert printed.commands[-2:] == ["feed 6 lines", "cut 0"]
    assert all(width <= profile.dots for width, _ in printed.raster_blocks)
    assert read_qr(printed.image) == [slip.service_url]
    # nothing is lost between layout and bytes: the decoded paper is the rendered slip
    flat = render_ticket(slip, profile).flatten()
    assert difference(printed.image, flat) == 0.0


PROFILES = all_profiles()


@pytest.mark.parametrize("kind", ["ticket", "survey"])
@pytest.mark.parametrize("profile", PROFILES, ids=[p.key for p in PROFILES])
def test_slip_matches_the_reviewed_golden_image(profile: PrinterProfile, kind: str) -> None:
    """Every profile's slips, as its printer would print them; reviewed by eye when they change."""
    transport = DummyTransport(parse_uri("dummy:"), profile)
    printer = EscposTicketPrinter(transport, profile)
    if kind == "ticket":
        printer.print_ticket(sample_ticket())
        url = sample_ticket().service_url
    else:
        printer.print_survey(sample_survey())
        url = sample_survey().survey_url
    decoded = decode(transport.output, profile.dots)
    assert all(width <= profile.dots for width, _ in decoded.raster_blocks)  # nothing cut off on the right
    assert read_qr(decoded.image) == [url]
    printed = decoded.image
    path = GOLDEN / f"{profile.key}-{kind}.png"
    if UPDATE:
        printed.save(path, format="PNG", optimize=True)
    golden = load_png(path)
    assert printed.size == golden.size
    assert difference(printed, golden) <= TOLERANCE


def test_survey_slip_qr_is_exactly_the_survey_link() -> None:
    printed = decode(encode(render_survey(sample_survey(), WIDE), WIDE), WIDE.dots)
    assert read_qr(printed.image) == [DEMO_SURVEY_URL]


def test_native_qr_is_centred_by_alignment_and_not_drawn_in_the_raster() -> None:
    native = PrinterProfile(native_qr=True)
    slip = sample_ticket(lane=Lane.NORMAL)
    printed = decode(encode(render_ticket(slip, native), native), native.dots)
    assert printed.native_qr == [slip.service_url]
    start = printed.commands.index("qr fn 65") - 1
    assert printed.commands[start] == "align 1"
    assert printed.commands[start + 1 : start + 6] == ["qr fn 65", "qr fn 67", "qr fn 69", "qr fn 80", "qr fn 81"]
    assert printed.commands[start + 6] == "align 0"
    # the decoder draws the printer's own symbol where it goes; the raster holds no QR code
    assert read_qr(printed.image) == [slip.service_url]
    rastered = encode(render_ticket(slip, WIDE), WIDE)
    assert len(encode(render_ticket(slip, native), native)) < len(rastered) - 2000


def test_queue_number_is_at_least_10_mm_tall_on_80_mm_paper() -> None:
    from printers.raster import _Big, _draw

    band = _draw([_Big("A001", WIDE.mm(12))], WIDE)
    black_rows = [y for y in range(band.height) if any(band.getpixel((x, y)) == 0 for x in range(band.width))]
    assert black_rows[-1] - black_rows[0] + 1 >= WIDE.mm(10)


def test_slip_is_crisp_one_bit_without_dithering() -> None:
    image = render_ticket(sample_ticket(), WIDE).flatten()
    assert image.mode == "1"
    # dithering scatters isolated dots through grey areas; a thresholded slip has almost none
    pixels = image.load()
    assert pixels is not None
    isolated = sum(
        1
        for y in range(1, image.height - 1)
        for x in range(1, image.width - 1)
        if pixels[x, y] == 0 and all(pixels[x + dx, y + dy] != 0 for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)))
    )
    assert isolated < 20


@pytest.mark.parametrize("key", ["generic-80-512", "generic-58", "generic-80"])
def test_calibration_ruler_reaches_both_edges_and_sends_its_arrow_centred(key: str) -> None:
    profile = PrinterProfile.named(key)
    transport = DummyTransport(parse_uri("dummy:"), profile)
    EscposTicketPrinter(transport, profile).print_calibration()
    printed = decode(transport.output, profile.dots)
    assert max(width for width, _ in printed.raster_blocks) == profile.dots
    image = printed.image
    ink_rows = [y for y in range(image.height) if image.getpixel((profile.dots - 1, y)) == 0]
    assert len(ink_rows) >= 90  # the black bar at the right end
    assert any(image.getpixel((0, y)) == 0 for y in ink_rows)  # and at the left end
    assert "align 1" in printed.commands  # the ▲ กึ่งกลาง ▲ line, centred by the printer
    assert difference(image, render_ruler(profile).flatten()) == 0.0


def test_resynchronisation_bytes_and_every_block_within_the_bound() -> None:
    from printers.escpos_printer import MAX_BLOCK_BYTES, RASTER_HEADER, encode_job, resynchronisation

    assert resynchronisation(5, WIDE) == bytes(5) + b"\x1b@" + b"\x1bd\x06" + b"\x1dV\x00"
    assert resynchronisation(3, PrinterProfile(cut=False)) == bytes(3) + b"\x1b@" + b"\x1bd\x06"
    # what a cut-off send can leave open is bounded by the largest block: about 2 s at 9,600 baud
    job = encode_job(render_survey(sample_survey(), WIDE), WIDE)
    assert RASTER_HEADER < job.longest <= MAX_BLOCK_BYTES + RASTER_HEADER
    assert all(width // 8 * height <= MAX_BLOCK_BYTES for width, height in decode(job.data, WIDE.dots).raster_blocks)


def test_a_printer_owed_padding_by_an_earlier_process_gets_it_first(tmp_path: Path) -> None:
    note = tmp_path / "printer-resync.json"
    note.write_text('{"dummy:": 40, "usb://04b8:0e15": 7}', encoding="utf-8")
    transport = DummyTransport(parse_uri("dummy:"), WIDE)
    EscposTicketPrinter(transport, WIDE, resync_file=note).print_ticket(sample_ticket())
    assert transport.output.startswith(bytes(40) + b"\x1b@\x1bd\x06\x1dV\x00" + b"\x1b@")
    assert note.read_text(encoding="utf-8") == '{"usb://04b8:0e15": 7}'  # other printers' notes stay


def test_a_damaged_resync_note_is_ignored(tmp_path: Path) -> None:
    note = tmp_path / "printer-resync.json"
    note.write_text("not json", encoding="utf-8")
    transport = DummyTransport(parse_uri("dummy:"), WIDE)
    EscposTicketPrinter(transport, WIDE, resync_file=note).print_ticket(sample_ticket())
    assert transport.output.startswith(b"\x1b@")
