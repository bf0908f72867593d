"""The service catalogue as the supervisor keeps it: every service, switched on or off with a message."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk import catalogue, register
from kiosk.app.context import Context, Work, operation, supervisor_only
from kiosk.catalogue import ServiceEntry
from kiosk.staff import StaffSession


@operation(Work.WRITE)
def services(app: Context) -> list[ServiceEntry]:
    return app.read(catalogue.list_services)


@operation(Work.WRITE)
def set_active(app: Context, who: StaffSession, code: str, active: bool, *, message_th: str = "") -> ServiceEntry:
    supervisor_only(who)

    def switch(session: Session) -> ServiceEntry:
        entry = catalogue.set_active(session, code, active, message_th=message_th)
        register.audit(
            session,
            app.station,
            actor=who.name,
            action="service_on" if active else "service_off",
            entity="service",
            entity_id=code,
            details={"message_th": entry.inactive_message_th},
        )
        return entry

    return app.write(switch)
