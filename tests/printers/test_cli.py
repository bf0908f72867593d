"""``kiosk print``: test print, preview, and the reprint queue from the command line."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.commands import open_database
from kiosk.config import load_config
from kiosk.models import IdMethod
from kiosk.printing import SlipKind, pending_slips, record_print_failure
from kiosk.register import register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.printers.helpers import load_png, read_qr


def test_print_test_writes_marked_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "slips"
    assert main(["--home", str(tmp_path), "print", "test", "--printer", f"preview://{out}"]) == 0
    names = {path.name.rsplit("-", 2)[-1]: path for path in out.iterdir()}
    assert sorted(names) == ["ruler.png", "survey.png", "ticket.png"]
    assert all(path.name.startswith("sample-") for path in names.values())
    assert names["ticket.png"].name.endswith("-P012-ticket.png")
    assert names["ruler.png"].name.endswith("-generic-80-ruler.png")
    assert read_qr(load_png(names["ticket.png"])) == ["https://csg.dcy.go.th"]
    assert load_png(names["ruler.png"]).width == 576
    printed = capsys.readouterr().out
    assert "ตัวอย่าง" in printed and "calibration ruler" in printed


def test_print_test_follows_the_profile_named_in_kiosk_toml(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text('[printer]\nprofile = "epson-tm-t88"\n', encoding="utf-8")
    out = tmp_path / "slips"
    assert main(["--home", str(tmp_path), "print", "test", "--printer", f"preview://{out}"]) == 0
    [ruler] = [path for path in out.iterdir() if path.name.endswith("-ruler.png")]
    assert load_png(ruler).width == 512
    assert all(load_png(path).width == 512 for path in out.iterdir())


def test_profiles_lists_the_models_and_marks_the_chosen_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kiosk.toml").write_text('[printer]\nprofile = "xprinter-xp-58"\n', encoding="utf-8")
    assert main(["--home", str(tmp_path), "print", "profiles"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    [chosen] = [line for line in lines if line.startswith("*")]
    assert "xprinter-xp-58" in chosen and "384 dots" in chosen and "cutter" not in chosen


def test_print_test_to_a_missing_usb_printer_fails_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--home", str(tmp_path), "print", "test", "--printer", "usb://0000:0001"]) == 1
    assert "printer.not_found" in capsys.readouterr().err


def test_preview_writes_the_readme_slips(tmp_path: Path) -> None:
    assert main(["--home", str(tmp_path), "print", "preview", str(tmp_path / "docs")]) == 0
    assert load_png(tmp_path / "docs" / "ticket.png").width == 576
    assert read_qr(load_png(tmp_path / "docs" / "survey.png"))


def test_pending_reprint_and_dismiss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "db", "upgrade"]) == 0
    config = load_config(tmp_path)
    db = open_database(config)
    station = Station.from_config(config)
    from kiosk.catalogue import seed_defaults

    with db.write() as session:
        seed_defaults(session)
        visits = [
            register_visit(
                session, station, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
            ).visit.id
            for _ in range(2)
        ]
        for visit_id in visits:
            record_print_failure(session, station, visit_id, SlipKind.TICKET, "printer.paper_out: test")
    capsys.readouterr()
    assert main(["--home", str(tmp_path), "print", "pending"]) == 0
    assert "2 slips waiting" in capsys.readouterr().out

    with db.read() as session:
        first, second = (slip.id for slip in pending_slips(session))
    out = tmp_path / "slips"
    assert main(["--home", str(tmp_path), "print", "reprint", str(first), "--printer", f"preview://{out}"]) == 0
    assert "1 reprinted, 0 still waiting" in capsys.readouterr().out
    assert main(["--home", str(tmp_path), "print", "dismiss", str(second)]) == 0
    assert main(["--home", str(tmp_path), "print", "dismiss", str(uuid.uuid4())]) == 1
    with db.read() as session:
        assert pending_slips(session) == []
    db.dispose()
