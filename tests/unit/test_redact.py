"""Personal data never reaches the logs: the redaction every log line goes through."""

from __future__ import annotations

import io
import json
import logging

import pytest

from advisor.ops.logs import JsonFormatter, RedactingFilter, request_id_var
from advisor.ops.redact import redact


@pytest.mark.parametrize(
    "text, secret",
    [
        ("email me at sam.patel+jobs@example.co.uk please", "sam.patel+jobs@example.co.uk"),
        ("my mobile is 07700 900123", "07700 900123"),
        ("ring +44 7700 900123 after six", "+44 7700 900123"),
        ("office (0114) 496 0000", "496 0000"),
        ("landline 0114-496-0000", "0114-496-0000"),
        ("NI number QQ 12 34 56 C", "QQ 12 34 56 C"),
        ("ni AB123456C", "AB123456C"),
        ("I live near S1 2HE in Sheffield", "S1 2HE"),
        ("postcode dn11aa", "dn11aa"),
        ("my name is priya shah and I want to retrain", "priya shah"),
        ("Hi, I'm Tomasz, a welder", "Tomasz"),
        ("call me Jo", "Jo"),
    ],
)
def test_personal_data_is_replaced(text: str, secret: str) -> None:
    cleaned = redact(text)
    assert secret not in cleaned
    assert "[" in cleaned  # a marker says something was taken out


@pytest.mark.parametrize(
    "text",
    [
        "POST /api/chat 200",
        "GET /api/courses/ev-charge-point-installation-l3 200",
        "catalogue reloaded: Kestrel Vale College Group 2027.1 (index 3f2a9c1b0d4e5f6a)",
        "I'm looking for a course at level 3 costing 1250 pounds for 120 credits",
        "request took 12.5 ms at 1700000000",
    ],
)
def test_ordinary_operational_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_log_records_are_redacted_for_every_handler_and_carry_the_request_id() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    token = request_id_var.set("req-12345678")
    try:
        logger.info("learner said %s", "I'm Priya, email priya@example.com, phone 07700 900123")
        try:
            raise ValueError("bad value priya@example.com")
        except ValueError:
            logger.exception("failed for %s", "QQ123456C")
    finally:
        request_id_var.reset(token)
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    text = stream.getvalue()
    for secret in ("Priya", "priya@example.com", "07700 900123", "QQ123456C"):
        assert secret not in text
    assert {line["request_id"] for line in lines} == {"req-12345678"}
    assert {"time", "level", "logger", "message", "request_id"} <= lines[0].keys()
    assert "error" in lines[1]
