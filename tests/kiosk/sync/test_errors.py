"""Errors of the district connection: precise, stable codes, and never the password."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from kiosk.sync.errors import map_error, redact

PASSWORD = "s3cr3t-Pa55word"
URL = f"postgresql+psycopg://register_st_kiosk_01:{PASSWORD}@district.example:5433/register"


def wrapped(message: str) -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception(message))


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (
            'connection failed: connection to server at "10.0.0.5", port 5433 failed: Connection refused',
            "connection_refused",
        ),
        ('FATAL:  password authentication failed for user "register_st_kiosk_01"', "auth_failed"),
        ("consuming input failed: server closed the connection unexpectedly", "connection_lost"),
        ("FATAL:  terminating connection due to administrator command", "connection_lost"),
        ('could not translate host name "district.example" to address', "host_unknown"),
        ("connection timeout expired", "timeout"),
        ("server does not support SSL, but SSL was required", "tls"),
        ('new row violates row-level security policy for table "hub_visit"', "refused_rows"),
        ('relation "hub_visit" does not exist', "hub_missing"),
        ("permission denied for table hub_visit", "permission_denied"),
        ("something nobody expected", "failed"),
    ],
)
def test_driver_errors_map_to_stable_codes(message: str, code: str) -> None:
    error = map_error(wrapped(message), URL)
    assert error.code == code
    assert error.th and error.en
    assert PASSWORD not in error.en and PASSWORD not in error.th


def test_a_password_echoed_by_the_driver_is_scrubbed() -> None:
    error = map_error(wrapped(f"invalid connection option near {PASSWORD}"), URL)
    assert PASSWORD not in str(error)
    assert "***" in error.en


def test_messages_name_the_server_and_user() -> None:
    refused = map_error(wrapped("Connection refused"), URL)
    assert "district.example:5433/register" in refused.en
    auth = map_error(wrapped("password authentication failed"), URL)
    assert "register_st_kiosk_01" in auth.en


def test_redact_hides_the_password() -> None:
    assert redact(URL) == "postgresql+psycopg://register_st_kiosk_01:***@district.example:5433/register"
    assert redact("not a url") == "(unparsable URL)"
