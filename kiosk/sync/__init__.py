"""The nightly sync of the register to the district's PostgreSQL hub."""

from __future__ import annotations

from kiosk.sync.engine import (
    Agreement,
    Progress,
    SyncPlan,
    SyncResult,
    compare_with_hub,
    plan_sync,
    sync_to_district,
)
from kiosk.sync.errors import SyncBusy, SyncCancelled, SyncError, redact
from kiosk.sync.hub import connect_hub
from kiosk.sync.schedule import due, next_run
from kiosk.sync.status import SyncStatus, pending_count, sync_status

__all__ = [
    "Agreement",
    "Progress",
    "SyncBusy",
    "SyncCancelled",
    "SyncError",
    "SyncPlan",
    "SyncResult",
    "SyncStatus",
    "compare_with_hub",
    "connect_hub",
    "due",
    "next_run",
    "pending_count",
    "plan_sync",
    "redact",
    "sync_status",
    "sync_to_district",
]
