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
    names = sorted(path.name for path in out.iterdir())
    assert len(names) == 2
    assert names[0].startswith("sample-") and names[0].endswith("-P012-survey.png")
    assert names[1].endswith("-P012-ticket.png")
    assert read_qr(load_png(out / names[1])) == ["https://csg.dcy.go.th"]
    assert "ตัวอย่าง" in capsys.readouterr().out


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
