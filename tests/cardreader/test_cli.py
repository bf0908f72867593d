"""``kiosk card status`` and ``kiosk card read`` for the installer, on the private pcscd with the emulated card."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from tests.pcsc import CITIZEN_ID, PrivatePcscd, ThaiIdChip

pytestmark = pytest.mark.pcsc


def test_status_lists_the_readers(pcscd: PrivatePcscd, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["card", "status"]) == 0
    out = capsys.readouterr().out
    assert "เครื่องอ่านบัตรพร้อม" in out and "Virtual PCD 00 00" in out


def test_status_without_pcscd_fails_with_the_reason(pcscd: PrivatePcscd, capsys: pytest.CaptureFixture[str]) -> None:
    pcscd.stop()
    assert main(["card", "status"]) == 1
    assert "pcscd" in capsys.readouterr().out


def test_read_shows_the_id_masked(pcscd: PrivatePcscd, capsys: pytest.CaptureFixture[str]) -> None:
    pcscd.card(ThaiIdChip()).insert()
    assert main(["card", "read", "--wait", "5"]) == 0
    out = capsys.readouterr().out
    assert "1-xxxx-xxxxx-x6-1" in out and "นายสมชาย ใจดี" in out
    assert CITIZEN_ID not in out


def test_read_english(pcscd: PrivatePcscd, capsys: pytest.CaptureFixture[str]) -> None:
    pcscd.card(ThaiIdChip()).insert()
    assert main(["card", "read", "--english", "--wait", "5"]) == 0
    assert "Mr. Somchai Jaidee" in capsys.readouterr().out


def test_read_a_refused_card_is_one_line_and_an_exit_code(
    pcscd: PrivatePcscd, capsys: pytest.CaptureFixture[str]
) -> None:
    pcscd.card(ThaiIdChip(citizen_id=b"1234567890123")).insert()
    assert main(["card", "read", "--wait", "5"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: citizen ID on the chip refused") and "Traceback" not in err


def test_read_with_no_card(pcscd: PrivatePcscd, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["card", "read"]) == 1
    assert "no card in" in capsys.readouterr().err
