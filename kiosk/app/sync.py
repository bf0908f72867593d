"""Sync with the district hub: the status, "send now", the nightly sync when due, and pulling back.

The hub URL is ``config.sync.url``, which already carries ``$KIOSK_SYNC_URL``
(:func:`kiosk.config.with_environment`): the staff area, the nightly sync and ``kiosk sync`` agree.
The network is talked to on the caller's worker; every local write goes to the writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.app.context import Context, Job, Work, operation

if TYPE_CHECKING:
    from kiosk.housekeeping import SyncCheck, SyncRunner
    from kiosk.sync import SyncPlan, SyncResult, SyncStatus
    from kiosk.sync.restore import PullResult


def configured(app: Context) -> bool:
    """Whether a hub URL is set (``sync.url`` or ``$KIOSK_SYNC_URL``)."""
    return bool(app.config.sync.url)


def hub_url(app: Context, url: str | None = None) -> str:
    """``url`` (``kiosk sync --url``), else the configured one; SyncError when there is none."""
    from kiosk.sync import SyncError

    hub = url or app.config.sync.url
    if not hub:
        raise SyncError(
            "sync.not_configured",
            "ยังไม่ได้ตั้งค่าการส่งข้อมูลไปอำเภอ (sync.url)",
            "no district hub configured: set sync.url in kiosk.toml or $KIOSK_SYNC_URL",
        )
    return hub


@operation(Work.WRITE)
def status(app: Context) -> SyncStatus:
    from kiosk.sync import sync_status

    return app.read(sync_status)


@operation(Work.NETWORK)
def sync_now(
    app: Context, *, job: Job | None = None, url: str | None = None, batch_size: int | None = None
) -> SyncResult:
    """Send the register to the district hub now; raises SyncError (SyncBusy when another run holds it)."""
    from dataclasses import replace

    from kiosk.sync import sync_to_district

    hub = hub_url(app, url)
    job = job or Job()
    sync = app.config.sync if batch_size is None else replace(app.config.sync, batch_size=batch_size)
    return sync_to_district(app.db, app.station, hub, sync=sync, progress=job.count, cancel=job.event)


@operation(Work.NETWORK)
def plan(app: Context, *, url: str | None = None) -> SyncPlan:
    """Count what a sync would send and check the hub answers (``kiosk sync --dry-run``)."""
    from kiosk.sync import plan_sync

    return plan_sync(app.db, app.station, hub_url(app, url), sync=app.config.sync)


@operation(Work.NETWORK)
def pull(app: Context, *, dry_run: bool = False, job: Job | None = None, url: str | None = None) -> PullResult:
    """Bring back from the hub this station's visits that the register lacks or holds at an older version."""
    from kiosk.sync.restore import pull_from_district

    job = job or Job()
    return pull_from_district(
        app.db,
        app.station,
        hub_url(app, url),
        sync=app.config.sync,
        dry_run=dry_run,
        progress=job.count,
        cancel=job.event,
    )


@operation(Work.NETWORK)
def sync_if_due(app: Context, *, run: SyncRunner | None = None) -> SyncCheck:
    """The nightly sync when the schedule says so (``sync.time`` tonight, or catch-up after a missed day)."""
    from kiosk.housekeeping import sync_if_due as check

    if run is None:
        return check(app.db, app.station, app.config.sync, url=app.config.sync.url)
    return check(app.db, app.station, app.config.sync, url=app.config.sync.url, run=run)
