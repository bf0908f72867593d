"""Housekeeping in the running kiosk: the nightly district sync and the daily retention purge, on timers.

Started by the composition root (``install``). The timers run while the kiosk window is shown;
every check runs on a worker (the sync on the "network" lane, the purge on the "db" lane),
never on the UI thread. A failure raises the staff banner; citizens' screens are not touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from kiosk.errors import thai_message
from ui.tasks import Op

if TYPE_CHECKING:
    from kiosk.housekeeping import SyncCheck, SyncRunner
    from kiosk.retention import PurgeResult
    from ui.window import KioskWindow

log = logging.getLogger(__name__)

SYNC_FAILED = "ส่งข้อมูลไปอำเภอไม่สำเร็จ: "
PURGE_FAILED = "ลบข้อมูลส่วนบุคคลตามกำหนดไม่สำเร็จ: "


@dataclass(frozen=True)
class Schedule:
    """How often the kiosk looks; tests shrink these."""

    first_check_s: float = 15.0  # after the window is shown: let start-up and the first visitor go first
    sync_every_s: float = 300.0  # `due` decides; this is only how often it is asked
    sync_retry_s: float = 900.0  # after a failure, like the systemd timer's period
    purge_every_s: float = 3600.0  # the purge itself runs once per local day
    wait_for_register_s: float = 2.0  # while the register is still being opened


class Housekeeping(QObject):
    """Timers that ask, on workers, whether the sync or the purge is due, and run them.

    Signals:
        synced(object): a SyncCheck after each look at the sync schedule (whether or not it ran).
        sync_failed(str): the English message of a failed sync.
        purged(object): a PurgeResult, or None when the purge had already run today.
    """

    synced = Signal(object)
    sync_failed = Signal(str)
    purged = Signal(object)

    def __init__(
        self,
        window: KioskWindow,
        *,
        schedule: Schedule | None = None,
        run_sync: SyncRunner | None = None,
    ) -> None:
        """The hub URL, the sync's time and the retention come from the register's context (``window.app``)."""
        super().__init__(window)
        self.window = window
        self.schedule = schedule or Schedule()
        self._run_sync = run_sync
        self._sync_configured = True  # until a check finds no URL
        self._sync_busy = False
        self._purge_busy = False
        self._alert = ""  # the banner text this object raised, to clear only its own
        self._sync_timer = self._timer(self._check_sync)
        self._purge_timer = self._timer(self._check_purge)
        window.installEventFilter(self)

    def _timer(self, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)  # re-armed after each check: a slow sync never overlaps the next
        timer.timeout.connect(slot)
        return timer

    @property
    def active(self) -> bool:
        return self._sync_timer.isActive() or self._purge_timer.isActive() or self._sync_busy or self._purge_busy

    def start(self) -> None:
        """Look soon, then every few minutes (idempotent)."""
        first = _ms(self.schedule.first_check_s)
        if self._sync_configured and not self._sync_timer.isActive() and not self._sync_busy:
            self._sync_timer.start(first)
        if not self._purge_timer.isActive() and not self._purge_busy:
            self._purge_timer.start(first)

    def stop(self) -> None:
        """No more checks; a sync or purge already running finishes on its worker."""
        self._sync_timer.stop()
        self._purge_timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Show:
                self.start()
            elif event.type() == QEvent.Type.Hide and not event.spontaneous():
                self.stop()  # closed or hidden by the program; a minimised window keeps its timers
        return False

    # The nightly sync (network lane) -------------------------------------------------------

    def _check_sync(self) -> None:
        from kiosk.app import sync

        app = self.window.app
        if app is None:
            self._sync_timer.start(_ms(self.schedule.wait_for_register_s))
            return
        self._sync_busy = True
        Op(sync.sync_if_due, app, run=self._run_sync).success(self._on_sync_checked).failure(self._on_sync_error).run(
            self.window.tasks
        )

    def _on_sync_checked(self, check: SyncCheck) -> None:
        from kiosk.housekeeping import SyncOutcome

        self._sync_busy = False
        if check.outcome is SyncOutcome.NOT_CONFIGURED:
            self._sync_configured = False
            log.info("no district hub configured (sync.url or $KIOSK_SYNC_URL): the kiosk will not sync by itself")
        else:
            if check.outcome is SyncOutcome.SYNCED and check.result is not None:
                r = check.result
                log.info("nightly sync: %d sent, %d applied, %d pending", r.sent, r.applied, r.pending)
                self._clear_own_alert()
            self._rearm(self._sync_timer, self.schedule.sync_every_s)
        self.synced.emit(check)

    def _on_sync_error(self, error: BaseException) -> None:
        from kiosk.sync import SyncBusy

        self._sync_busy = False
        if isinstance(error, SyncBusy):  # `kiosk sync` (the systemd timer) is at it: look again later
            log.info("nightly sync: %s", error.en)
            self._rearm(self._sync_timer, self.schedule.sync_every_s)
            return
        message = getattr(error, "en", "") or f"{type(error).__name__}: {error}"
        log.warning("nightly sync failed: %s", message)
        self._raise_alert(SYNC_FAILED + thai_message(error))  # the English detail is in the log
        self._rearm(self._sync_timer, self.schedule.sync_retry_s)
        self.sync_failed.emit(message)

    # The retention purge (db lane) ----------------------------------------------------------

    def _check_purge(self) -> None:
        from kiosk.app import records

        app = self.window.app
        if app is None:
            self._purge_timer.start(_ms(self.schedule.wait_for_register_s))
            return
        self._purge_busy = True
        Op(records.purge_if_due, app).success(self._on_purged).failure(self._on_purge_error).run(self.window.tasks)

    def _on_purged(self, result: PurgeResult | None) -> None:
        self._purge_busy = False
        if result is not None:
            log.info(
                "retention: %d visits before %s purged, %d audit events",
                result.visits,
                result.cutoff,
                result.audit_events,
            )
        self._rearm(self._purge_timer, self.schedule.purge_every_s)
        self.purged.emit(result)

    def _on_purge_error(self, error: BaseException) -> None:
        self._purge_busy = False
        log.error("retention purge failed", exc_info=error)
        self._raise_alert(PURGE_FAILED + thai_message(error))
        self._rearm(self._purge_timer, self.schedule.purge_every_s)

    # ------------------------------------------------------------------------------------------

    def _rearm(self, timer: QTimer, seconds: float) -> None:
        if self.window.isVisible():  # stopped meanwhile: stay stopped until shown again
            timer.start(_ms(seconds))

    def _raise_alert(self, text: str) -> None:
        self._alert = text
        self.window.raise_staff_alert(text)

    def _clear_own_alert(self) -> None:
        if self._alert and self.window.staff_alert_text == self._alert:
            self.window.clear_staff_alert()
        self._alert = ""


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def install(window: KioskWindow, *, schedule: Schedule | None = None) -> Housekeeping:
    """Housekeeping for the kiosk window, running from when it is shown until it is closed."""
    keeper = Housekeeping(window, schedule=schedule)
    if window.isVisible():
        keeper.start()
    return keeper
