"""The JSON Schema of SubmitComplaint agrees with the domain on when a region code is required."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jsonschema
import pytest

from sp4n.commands import SubmitComplaint
from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.engine import new_complaint
from sp4n.lifecycle.model import Actor, Channel, Role

SCHEMA = SubmitComplaint.model_json_schema()
BASE: dict[str, Any] = {
    "type": "pengaduan",
    "title": "Jalan rusak",
    "description": "Berlubang",
    "category": "jalan",
}


def _domain_refusal(channel: Channel) -> str | None:
    reporter = Actor(id="r", role=Role.reporter)
    try:
        new_complaint(complaint_id="c", tracking_id="t", **BASE, channel=channel, actor=reporter,
                      at=datetime(2026, 3, 2, tzinfo=UTC))  # fmt: skip
    except RuleViolation as err:
        return err.field
    return None


@pytest.mark.parametrize("channel", list(Channel))
def test_schema_requires_a_region_exactly_where_the_domain_does(channel: Channel) -> None:
    payload = {**BASE, "channel": str(channel)}
    errors = [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(payload)]
    refused = _domain_refusal(channel)
    assert refused in (None, "region_code")
    if refused is None:
        assert errors == []
    else:
        assert len(errors) == 1
        assert "region_code" in errors[0]
    jsonschema.validate({**payload, "region_code": "34.04"}, SCHEMA)
