"""A separate process that registers visits and reports each one after its commit.

``python -m tests.kiosk.writer DB_PATH COUNT [GROUP]`` prints ``<ticket> <visit id>`` per line,
flushed only after the transaction committed: whatever it printed must survive a SIGKILL.
"""

from __future__ import annotations

import sys
from zoneinfo import ZoneInfo

from kiosk.db import Database
from kiosk.models import IdMethod
from kiosk.register import VisitorDetails, register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    group = VisitorGroup(sys.argv[3]) if len(sys.argv) > 3 else VisitorGroup.GENERAL
    db = Database(f"sqlite:///{path}")
    station = Station(id="KIOSK-01", zone=ZoneInfo("Asia/Bangkok"))
    print("ready", flush=True)
    for i in range(count):
        with db.write() as session:
            ticket = register_visit(
                session,
                station,
                service_code="thaid",
                group=group,
                id_method=IdMethod.TYPED,
                details=VisitorDetails(full_name=f"ผู้มาติดต่อ ลำดับ{'ก' * (i % 7 + 1)}"),
            )
        print(ticket.label, ticket.visit.id, flush=True)


if __name__ == "__main__":
    main()
