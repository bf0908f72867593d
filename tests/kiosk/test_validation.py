from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.validation import (
    ValidationError,
    VisitorGroup,
    format_national_id,
    group_national_id,
    mask_national_id,
    national_id_check_digit,
    validate_free_text,
    validate_group,
    validate_name,
    validate_national_id,
    validate_phone,
)

twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


def with_check(first12: str) -> str:
    return first12 + str(national_id_check_digit(first12))


@pytest.mark.parametrize(
    "nid",
    [
        "1101700203727",  # ordinary Thai citizen
        "0000000000001" if national_id_check_digit("000000000000") == 1 else with_check("000000000000"),
        with_check("012345678901"),  # starts with 0: people without Thai registration status
        with_check("912345678901"),  # starts with 9: python-stdnum wrongly rejects these
        with_check("612345678901"),  # foreigners
    ],
)
def test_valid_ids_pass_whatever_the_first_digit(nid: str) -> None:
    assert validate_national_id(nid) == nid


def test_known_check_digit() -> None:
    # 1-1017-00203-72-7: Σ dᵢ·wᵢ = 114 → (11 − 114 mod 11) mod 10 = 7
    assert national_id_check_digit("110170020372") == 7


@given(twelve_digits)
def test_generated_ids_validate_and_format_round_trip(first12: str) -> None:
    nid = with_check(first12)
    assert validate_national_id(nid) == nid
    assert validate_national_id(format_national_id(nid)) == nid
    assert validate_national_id(" ".join([nid[:1], nid[1:5], nid[5:]])) == nid


@given(twelve_digits, st.integers(min_value=1, max_value=9))
def test_any_other_check_digit_is_refused(first12: str, shift: int) -> None:
    good = national_id_check_digit(first12)
    with pytest.raises(ValidationError) as info:
        validate_national_id(first12 + str((good + shift) % 10))
    assert info.value.codes == ["id.checksum"]


def test_thai_digits_are_accepted() -> None:
    assert validate_national_id("๑๑๐๑๗๐๐๒๐๓๗๒๗") == "1101700203727"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("", "id.empty"), ("12345", "id.length"), ("110170020372x", "id.chars"), ("1101700203728", "id.checksum")],
)
def test_bad_ids_say_why_in_thai_and_english(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_national_id(raw)
    assert info.value.codes == [code]
    assert "เลขประจำตัวประชาชน" in info.value.th
    assert "National ID" in info.value.en


def test_mask_shows_first_and_last_two_digits() -> None:
    assert mask_national_id("1101700203727") == "1-xxxx-xxxxx-x2-7"
    assert mask_national_id(None) == ""


@pytest.mark.parametrize(
    "name",
    ["ปิ่น รักไทย", "นางสาวกุ้งนาง  ศรีสุข", "ม.ร.ว. สุขุมพันธุ์", "John Smith-Jones", "Nguyễn Văn An", "พระมหาสมปอง"],
)
def test_good_names(name: str) -> None:
    assert validate_name(name) == " ".join(name.split())


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "name.empty"),
        ("   ", "name.empty"),
        ("ก" * 2048, "name.long"),
        ("สมชาย 😀", "name.chars"),
        ("สมชาย\x00ใจดี", "name.chars"),
        ("Robert'); DROP TABLE visit;--", "name.chars"),
        ("สมชาย ๑๒๓", "name.chars"),
        ("คำี", "name.sequence"),  # no Thai keyboard types ี after ำ (WTT 2.0)
        ("สมชาย ใจดีี", "name.sequence"),
        ("ิสมชาย", "name.sequence"),
    ],
)
def test_bad_names(name: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_name(name)
    assert info.value.codes == [code]
    assert info.value.th and info.value.en


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("081-234-5678", "0812345678"),
        ("02 123 4567", "021234567"),
        ("+66812345678", "0812345678"),
        ("๐๘๑๒๓๔๕๖๗๘", "0812345678"),
    ],
)
def test_good_phones(raw: str, digits: str) -> None:
    assert validate_phone(raw) == digits


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12345", "phone.format"),
        ("1812345678", "phone.format"),
        ("08x2345678", "phone.chars"),
        ("0" * 40, "phone.format"),
    ],
)
def test_bad_phones(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_phone(raw)
    assert info.value.codes == [code]


def test_groups_by_code_or_thai_label() -> None:
    assert validate_group("elderly") is VisitorGroup.ELDERLY
    assert validate_group("ผู้สูงอายุ") is VisitorGroup.ELDERLY
    assert validate_group("อื่น ๆ") is VisitorGroup.OTHER
    assert validate_group("อื่นๆ") is VisitorGroup.OTHER
    with pytest.raises(ValidationError):
        validate_group("vip")
    assert {g for g in VisitorGroup if g.is_priority} == {
        VisitorGroup.ELDERLY,
        VisitorGroup.DISABLED,
        VisitorGroup.PREGNANT,
        VisitorGroup.CLERGY,
    }


def test_free_text_refuses_control_characters_and_emoji() -> None:
    assert validate_free_text("  ส่งต่อ อบต.  ", field="note") == "ส่งต่อ อบต."
    for bad in ("a\x07b", "ok 👍", "x" * 600):
        with pytest.raises(ValidationError):
            validate_free_text(bad, field="note")


def test_digits_typed_so_far_are_grouped_like_an_id() -> None:
    assert group_national_id("") == ""
    assert group_national_id("1") == "1"
    assert group_national_id("12") == "1-2"
    assert group_national_id("123456") == "1-2345-6"
    assert group_national_id("1234567890123") == "1-2345-67890-12-3" == format_national_id("1234567890123")
    assert group_national_id("0123") == "0-123"  # a leading 0 is a digit like any other
