"""Validation of what a visitor or a file gives us: one place, stable codes, Thai and English."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from kiosk import wtt
from kiosk.thai import arabic_digits

NAME_MAX = 100
NOTE_MAX = 500
REASON_MAX = 300


class VisitorGroup(StrEnum):
    """กลุ่มผู้รับบริการ; every group but ``general`` and ``other`` goes to the priority lane."""

    GENERAL = "general"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    CLERGY = "clergy"
    OTHER = "other"

    @property
    def label_th(self) -> str:
        return GROUP_LABELS_TH[self]

    @property
    def label_en(self) -> str:
        return GROUP_LABELS_EN[self]

    @property
    def is_priority(self) -> bool:
        return self in {self.ELDERLY, self.DISABLED, self.PREGNANT, self.CLERGY}


GROUP_LABELS_TH = {
    VisitorGroup.GENERAL: "ทั่วไป",
    VisitorGroup.ELDERLY: "ผู้สูงอายุ",
    VisitorGroup.DISABLED: "ผู้พิการ",
    VisitorGroup.PREGNANT: "สตรีมีครรภ์",
    VisitorGroup.CLERGY: "นักบวช",
    VisitorGroup.OTHER: "อื่น ๆ",
}
GROUP_LABELS_EN = {
    VisitorGroup.GENERAL: "General",
    VisitorGroup.ELDERLY: "Elderly",
    VisitorGroup.DISABLED: "Disabled",
    VisitorGroup.PREGNANT: "Pregnant",
    VisitorGroup.CLERGY: "Clergy",
    VisitorGroup.OTHER: "Other",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: a stable code, a field, and a message for each reader."""

    code: str
    field: str
    th: str
    en: str


class ValidationError(ValueError):
    """Bad input. ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("; ".join(f"{p.field}: {p.en}" for p in self.problems))

    @property
    def th(self) -> str:
        return " ".join(p.th for p in self.problems)

    @property
    def en(self) -> str:
        return "; ".join(p.en for p in self.problems)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def _problem(code: str, field: str) -> Problem:
    th, en = MESSAGES[code]
    return Problem(code=code, field=field, th=th, en=en)


MESSAGES: dict[str, tuple[str, str]] = {
    "id.empty": ("กรุณากรอกเลขประจำตัวประชาชน", "National ID is empty"),
    "id.length": (
        "เลขประจำตัวประชาชนต้องมี 13 หลัก",
        "National ID must have exactly 13 digits",
    ),
    "id.chars": (
        "เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น",
        "National ID may have digits only",
    ),
    "id.checksum": (
        "เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง",
        "National ID check digit does not match",
    ),
    "phone.chars": ("หมายเลขโทรศัพท์ต้องเป็นตัวเลข", "Phone number may contain only digits"),
    "phone.format": (
        "หมายเลขโทรศัพท์ไม่ถูกต้อง (เช่น 081 234 5678)",
        "Phone number not valid (e.g. 081 234 5678)",
    ),
    "name.empty": ("กรุณากรอกชื่อและนามสกุล", "Name is empty"),
    "name.long": (
        f"ชื่อยาวเกินไป (ไม่เกิน {NAME_MAX} ตัวอักษร)",
        f"Name is longer than {NAME_MAX} characters",
    ),
    "name.chars": (
        "ชื่อใช้ได้เฉพาะตัวอักษรไทยหรืออังกฤษ เว้นวรรค จุด และขีด",
        "Name may contain only Thai or Latin letters, spaces, '.' and '-'",
    ),
    "name.sequence": (
        "ชื่อมีสระหรือวรรณยุกต์อยู่ผิดที่ กรุณาตรวจสอบ",
        "Name has a Thai vowel or tone mark out of place",
    ),
    "group.unknown": ("กรุณาเลือกกลุ่มผู้รับบริการ", "Unknown visitor group"),
    "text.long": ("ข้อความยาวเกินไป", "Text is too long"),
    "text.chars": ("ข้อความมีอักขระที่ใช้ไม่ได้", "Text contains control characters or emoji"),
}

# Thai letters, vowels, tone marks and signs (U+0E01–U+0E3A, U+0E40–U+0E4E), but not Thai
# digits nor the currency sign; Latin letters including accented ones.
_THAI_LETTER = r"\u0E01-\u0E3A\u0E40-\u0E4E"
_LATIN_LETTER = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF"
_NAME_RE = re.compile(rf"[{_THAI_LETTER}{_LATIN_LETTER}]+(?:[ .\-]+[{_THAI_LETTER}{_LATIN_LETTER}]+)*\.?")


def national_id_check_digit(first12: str) -> int:
    """The 13th digit of a Thai national ID: (11 − Σ dᵢ·(13−i) mod 11) mod 10."""
    if len(first12) != 12 or not first12.isascii() or not first12.isdigit():
        raise ValueError("need exactly 12 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1), strict=True))
    return (11 - total % 11) % 10


def normalize_national_id(raw: str) -> str:
    """The 13 digits of an ID typed with dashes, spaces or Thai digits."""
    return re.sub(r"[\s\-]", "", arabic_digits(raw))


def validate_national_id(raw: str) -> str:
    """Return the 13-digit ID or raise. IDs may start with 0 (people without Thai status)."""
    digits = normalize_national_id(raw)
    if not digits:
        raise ValidationError(_problem("id.empty", "national_id"))
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError(_problem("id.chars", "national_id"))
    if len(digits) != 13:
        raise ValidationError(_problem("id.length", "national_id"))
    if national_id_check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(_problem("id.checksum", "national_id"))
    return digits


NATIONAL_ID_GROUPS = (1, 4, 5, 2, 1)


def group_national_id(digits: str) -> str:
    """The digits typed so far in the groups of ``1-2345-67890-12-3`` (``123`` gives ``1-23``)."""
    groups, start = [], 0
    for size in NATIONAL_ID_GROUPS:
        if start >= len(digits):
            break
        groups.append(digits[start : start + size])
        start += size
    if start < len(digits):
        groups[-1] += digits[start:]
    return "-".join(groups)


def format_national_id(digits: str) -> str:
    """``1-2345-67890-12-3``"""
    return group_national_id(digits)


def mask_national_id(digits: str | None) -> str:
    """``1-xxxx-xxxxx-x2-3``: the first digit and the last two, as on screens and slips."""
    if not digits:
        return ""
    return f"{digits[0]}-xxxx-xxxxx-x{digits[11]}-{digits[12]}"


def validate_phone(raw: str) -> str:
    """A Thai phone number: 0 then 8 digits (landline) or 9 digits (mobile)."""
    digits = re.sub(r"[\s\-()]", "", arabic_digits(raw))
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError(_problem("phone.chars", "phone"))
    if not (digits.startswith("0") and len(digits) in (9, 10)):
        raise ValidationError(_problem("phone.format", "phone"))
    return digits


def validate_name(raw: str) -> str:
    """A person's name in Thai or Latin letters; white space folded, NFC."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        raise ValidationError(_problem("name.empty", "full_name"))
    if len(name) > NAME_MAX:
        raise ValidationError(_problem("name.long", "full_name"))
    if not _NAME_RE.fullmatch(name):
        raise ValidationError(_problem("name.chars", "full_name"))
    if wtt.first_rejected(name, strict=False) is not None:  # e.g. คำี: no Thai keyboard types it
        raise ValidationError(_problem("name.sequence", "full_name"))
    return name


def validate_group(raw: str) -> VisitorGroup:
    """A group by its code (``elderly``) or its Thai label (``ผู้สูงอายุ``)."""
    text = raw.strip()
    for group in VisitorGroup:
        if text.lower() == group.value or text == group.label_th:
            return group
    if text in {"อื่นๆ", "อื่น"}:
        return VisitorGroup.OTHER
    raise ValidationError(_problem("group.unknown", "group"))


# Printable ASCII and the assigned Thai letters, marks and digits: the common case, checked at once.
_PLAIN_TEXT = re.compile(r"[\u0020-\u007e\u0e01-\u0e3a\u0e3f-\u0e5b]*")


def validate_free_text(raw: str, *, field: str, limit: int = NOTE_MAX) -> str:
    """A note or a reason: any printable text without control characters or emoji."""
    text = unicodedata.normalize("NFC", raw).strip()
    if len(text) > limit:
        raise ValidationError(_problem("text.long", field))
    if _PLAIN_TEXT.fullmatch(text):
        return text
    for ch in text:
        category = unicodedata.category(ch)
        if category.startswith("C") or category == "So" or ord(ch) > 0xFFFF:
            raise ValidationError(_problem("text.chars", field))
    return text
