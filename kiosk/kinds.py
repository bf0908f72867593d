"""The kinds a register row can be of, as plain enums: no SQLAlchemy, so a command line, a screen or a
slip can name them without loading the tables (``kiosk.models`` stores them and names them too)."""

from __future__ import annotations

from enum import StrEnum


class VisitStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"


class VisitResult(StrEnum):
    SUCCESS = "success"
    FAILED = "failed"
    REFERRED = "referred"

    @property
    def label_th(self) -> str:
        return {"success": "สำเร็จ", "failed": "ไม่สำเร็จ", "referred": "ส่งต่อ"}[self.value]


class IdMethod(StrEnum):
    """How the visitor said who they are."""

    TYPED = "typed"  # name typed at the kiosk
    THAID = "thaid"  # showed the ThaID digital ID to the officer
    OFFICER = "officer"  # left it to the officer to fill in
    CARD = "card"  # read from the ID card
    IMPORTED = "imported"  # from a paper register

    @property
    def unnamed_th(self) -> str:
        """The register's name cell for a visitor of this kind with no name on file: it says why (a ThaID user's
        name is seen on the app, not given to the kiosk; an officer was to fill it in), never a blank."""
        return _UNNAMED_TH.get(self, "")


_UNNAMED_TH = {IdMethod.THAID: "ผู้ใช้ ThaID (ไม่ได้บันทึกชื่อ)", IdMethod.OFFICER: "(ไม่ได้บันทึกชื่อ)"}


class Lane(StrEnum):
    NORMAL = "A"
    PRIORITY = "P"


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"


class CallKind(StrEnum):
    """What an officer did with a ticket at a desk, as the waiting-room displays show it."""

    CALL = "call"
    RECALL = "recall"
    NO_SHOW = "no_show"


# The shifts of the duty roster (คำสั่งมอบหมายเจ้าหน้าที่ปฏิบัติหน้าที่เวร), by the name the register keeps.
SHIFTS: dict[str, str] = {"day": "ในเวลาราชการ", "evening": "นอกเวลา (ถึง 19.00 น.)", "weekend": "วันหยุด"}
