"""The English translation is complete and its compiled .qm is the one committed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "kiosk_en.ts"
QM = ROOT / "resources" / "i18n" / "kiosk_en.qm"


def test_every_string_has_a_finished_translation() -> None:
    messages = list(ET.parse(TS).getroot().iter("message"))
    assert len(messages) > 80
    for message in messages:
        translation = message.find("translation")
        assert translation is not None
        source = message.findtext("source")
        assert translation.get("type") not in {"unfinished", "vanished", "obsolete"}, source
        assert translation.text or list(translation), source


def test_the_committed_qm_matches_the_ts(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease is not None
    out = tmp_path / "kiosk_en.qm"
    subprocess.run([lrelease, str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run pyside6-lrelease and commit the .qm"


def test_every_tr_string_in_the_code_is_in_the_ts(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate is not None
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py") if "staff" not in p.parts)
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)

    def keys(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {
            (context.findtext("name") or "", message.findtext("source") or "")
            for context in root.iter("context")
            for message in context.iter("message")
        }

    assert keys(fresh) <= keys(TS)
