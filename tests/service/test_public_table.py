"""The table "What the public sees" in docs/service.md, checked row by row through the service."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.views import PublicComplaint, PublicStatus
from sp4n.service import create_service
from sp4n.testing.fakes import ManualClock, SequentialIds
from sp4n.testing.lifecycle import NATIONAL_ADMIN, a_complaint_in, renamed
from sp4n.tracking import with_check

from .conftest import START

DOC = Path(__file__).resolve().parents[2] / "docs" / "service.md"
SECTION = DOC.read_text(encoding="utf-8").split("## What the public sees", 1)[1].split("\n## ", 1)[0]
ROWS = re.findall(
    r"^\| ([a-z_ ]+) \| ([a-z_]+) \| (none|anonim|rahasia|in redaction) \| (yes|no) \|$",
    SECTION,
    re.MULTILINE,
)


def test_the_table_covers_every_surface_and_both_answers() -> None:
    assert len(ROWS) >= 20
    assert {r[0] for r in ROWS} == {"public_feed", "tracking text", "tracking status", "public_history"}
    assert {r[3] for r in ROWS} == {"yes", "no"}
    assert {r[2] for r in ROWS} == {"none", "anonim", "rahasia", "in redaction"}


@pytest.mark.parametrize(("surface", "status", "flag", "shown"), ROWS)
def test_each_row_of_the_table_holds(surface: str, status: str, flag: str, shown: str) -> None:
    uow = MemoryUnitOfWork()
    tracking = with_check("2345ABCD")
    complaint, events = a_complaint_in(Status(status), anonim=flag == "anonim", rahasia=flag == "rahasia")
    if flag == "in redaction":  # the national admin flagged a text for masking
        complaint, flagged = apply(complaint, Action.flag_redaction, NATIONAL_ADMIN, complaint.updated_at)
        events = [*events, flagged]
    complaint, events = renamed(complaint, events, "c-1", tracking)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()
    service = create_service(uow=uow, clock=ManualClock(START), ids=SequentialIds())
    if surface == "public_feed":
        seen = tracking in [p.tracking_id for p in service.public_feed()]
    elif surface == "tracking text":
        found = service.public_by_tracking(tracking)
        seen = isinstance(found, PublicComplaint) and found.title == complaint.title
    elif surface == "tracking status":
        found = service.public_by_tracking(tracking)
        seen = isinstance(found, PublicComplaint | PublicStatus) and found.status is Status(status)
        assert not isinstance(found, PublicStatus) or not hasattr(found, "title")
    else:
        seen = service.public_history(tracking) != []
    assert seen is (shown == "yes")
