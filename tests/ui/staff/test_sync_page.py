"""The staff area's "send now" reads the hub URL where the nightly sync and ``kiosk sync`` do."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import Context
from kiosk.config import SYNC_URL_ENV, Config, with_environment
from kiosk.db import Database
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, tap, visitor
from tests.ui.staff.conftest import SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.area import StaffArea

# Nothing listens on port 1: a configured hub that refuses the connection at once.
UNREACHABLE = "postgresql://kiosk01:secret@127.0.0.1:1/register"


@pytest.fixture
def desk(app: Context) -> Context:
    # kiosk.toml has no sync.url; the station's unit gives $KIOSK_SYNC_URL (kiosk.config resolves it once).
    app.config = with_environment(Config(home=app.config.home), {SYNC_URL_ENV: UNREACHABLE})
    assert app.config.sync.url == UNREACHABLE
    return app


def test_send_now_works_with_the_url_from_the_environment(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    visitor(db, station)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["sync"])
    settle(qtbot, area)
    page = area.sync
    assert page.sync_now.isEnabled()
    assert page.values["state"].text() == "ปกติ"  # configured, nothing failed yet
    tap(qtbot, page.sync_now)
    assert page.progress.isVisible() and page.cancel.isVisible()
    qtbot.waitUntil(lambda: page.sync_now.isEnabled(), timeout=10000)
    settle(qtbot, area)
    # It was sent to the environment's hub (which refused), not refused for want of a URL.
    assert "refused" in page.values["error"].toolTip() and "not_configured" not in page.values["error"].toolTip()
    assert "secret" not in page.values["error"].text() + page.values["error"].toolTip()
    assert "refused" not in page.values["error"].text()  # staff read Thai
    assert not page.progress.isVisible()
