"""A separate process that registers visits and reports each one after its commit.

``python -m tests.kiosk.writer DB_PATH COUNT [GROUP]`` prints ``<ticket> <visit id>`` per line,
flushed only after the transaction committed: whatever it printed must survive a SIGKILL.
"""

from __future__ import annotations

import sys
from zoneinfo import ZoneInfo

from kiosk.db import Database
from kiosk.models import IdMethod
from kiosk.register import VisitorDetails, register_visit, register_visit_on
from kiosk.station import Station
from kiosk.validation import VisitorGroup


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    group = VisitorGroup(sys.argv[3]) if len(sys.argv) > 3 else VisitorGroup.GENERAL
    db = Database(f"sqlite:///{path}")
    station = Station(id="KIOSK-01", zone=ZoneInfo("Asia/Bangkok"))
    print("ready", flush=True)
    for i in range(count):
        details = VisitorDetails(full_name=f"ผู้มาติดต่อ ลำดับ{'ก' * (i % 7 + 1)}")
        if i % 2:  # the touchscreen's way, on a plain Connection; the staff's, in a Session: both take turns
            with db.write_core() as connection:
                ticket = register_visit_on(
                    connection, station, service_code="thaid", group=group, id_method=IdMethod.TYPED, details=details
                )
        else:
            with db.write() as session:
                ticket = register_visit(
                    session, station, service_code="thaid", group=group, id_method=IdMethod.TYPED, details=details
                )
        print(ticket.label, ticket.visit.id, flush=True)


if __name__ == "__main__":
    main()
