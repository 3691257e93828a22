"""One way to write each thing in messages: agency names, tracking numbers in groups, day-end deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import SubmitDetails
from sp4n.notify import MessageRenderer, fold_facts
from sp4n.notify.directory import StaticDirectory
from sp4n.notify.localtime import local_datetime
from sp4n.testing.notify import ListEventLog, story

SITI = ReporterIdentity(id="r1", name="Siti", nik=None, phone="+6281234567890", email="siti@example.org")


class Identities:
    def get(self, identity_id: str) -> ReporterIdentity | None:
        return SITI if identity_id == SITI.id else None


def _forwarded_sms(tracking_id: str, names: dict[str, str] | None) -> str:
    events = story("c1", reporter_ref="r1")
    submit = events[0]
    assert isinstance(submit.details, SubmitDetails)
    events[0] = attrs.evolve(submit, details=attrs.evolve(submit.details, tracking_id=tracking_id))
    log = ListEventLog()
    stored = log.append(events[:2])
    renderer = MessageRenderer(directory=StaticDirectory(), identities=Identities(), agency_names=names)
    messages = renderer.for_event(stored[1], fold_facts(events[:2], upto=2))
    [sms] = [m for m in messages if m.channel == "sms"]
    return sms.body


def test_a_citizen_reads_the_agencys_name_not_its_id() -> None:
    text = _forwarded_sms("EPKK6BV85", {"pemkab-sleman": "Pemerintah Kabupaten Sleman"})
    assert "Pemerintah Kabupaten Sleman" in text
    assert "pemkab-sleman" not in text


def test_an_agency_the_host_did_not_name_is_shown_by_its_id() -> None:
    assert "pemkab-sleman" in _forwarded_sms("EPKK6BV85", None)


def test_an_sp4n_tracking_number_is_written_in_groups_of_three_as_on_the_timeline() -> None:
    text = _forwarded_sms("EPKK6BV85", None)
    assert "EPK-K6B-V85" in text
    assert "EPKK6BV85" not in text


def test_a_hosts_own_numbering_is_left_as_it_is() -> None:
    assert "LAP/2026/17" in _forwarded_sms("LAP/2026/17", None)


INSTANTS = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; timezones= makes them UTC
    max_value=datetime(2035, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(
    INSTANTS,
    st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]),
    st.sampled_from(["id", "en"]),
)
def test_midnight_is_23_59_of_the_day_before_and_nothing_is_written_as_00_00_or_24_00(
    instant: datetime, zone: str, language: str
) -> None:
    instant = instant.replace(second=0, microsecond=0)
    text = local_datetime(instant, zone, language)
    local = instant.astimezone(ZoneInfo(zone))
    midnight = (local.hour, local.minute) == (0, 0)
    shown = local - timedelta(minutes=1) if midnight else local
    months = MONTHS[language]
    day = f"{WEEKDAYS[language][shown.weekday()]}, {shown.day} {months[shown.month - 1]} {shown.year}"
    clock = (
        f"pukul {shown.hour:02d}.{shown.minute:02d}"
        if language == "id"
        else f", {shown.hour:02d}:{shown.minute:02d}"
    )
    assert text == f"{day}{' ' if language == 'id' else ''}{clock} {ABBREVIATIONS[zone]}"
    for wrong in ("00.00", "00:00", "24.00", "24:00"):
        assert wrong not in text


MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}  # fmt: skip
WEEKDAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
