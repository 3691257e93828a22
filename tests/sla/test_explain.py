"""Explanations name every skipped day, in Indonesian and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.sla import TimeUnit, compute_deadline, explain_deadline


def test_the_indonesian_explanation_names_the_idul_fitri_leave_and_the_end_of_the_limit() -> None:
    d = compute_deadline(
        datetime(2026, 3, 17, 2, 0, tzinfo=UTC), 1, TimeUnit.working_days, timezone="Asia/Jakarta"
    )
    text = explain_deadline(d)
    assert "Batas waktu: 1 hari kerja sejak Selasa, 17 Maret 2026 pukul 09.00 WIB (Asia/Jakarta)." in text
    assert "berakhir pada Rabu, 25 Maret 2026 pukul 23.59 WIB." in text
    assert "- Jumat, 20 Maret 2026: cuti bersama — Cuti Bersama Hari Raya Idul Fitri" in text
    assert "- Sabtu, 21 Maret 2026: libur nasional — Hari Raya Idul Fitri" in text
    assert "Kalender: holidays-" in text


def test_the_english_explanation_says_the_same_in_english() -> None:
    d = compute_deadline(
        datetime(2026, 3, 17, 2, 0, tzinfo=UTC), 1, TimeUnit.working_days, timezone="Asia/Makassar"
    )
    text = explain_deadline(d, "en")
    assert "the limit ends on Wednesday, 25 March 2026, 23:59 WITA." in text
    assert "- Thursday, 19 March 2026: national holiday — Day of Silence" in text


def test_estimated_dates_are_marked_and_warned_about() -> None:
    d = compute_deadline(
        datetime(2027, 3, 5, 2, 0, tzinfo=UTC), 3, TimeUnit.working_days, timezone="Asia/Jakarta"
    )
    assert d.estimated
    assert "(perkiraan)" in explain_deadline(d)
    assert "sidang isbat" in explain_deadline(d, "en")


def test_an_unknown_language_is_refused() -> None:
    d = compute_deadline(
        datetime(2026, 3, 2, 2, 0, tzinfo=UTC), 1, TimeUnit.working_days, timezone="Asia/Jakarta"
    )
    with pytest.raises(ValueError, match="language"):
        explain_deadline(d, "fr")


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)),
    st.integers(min_value=0, max_value=30),
    st.sampled_from(["id", "en"]),
)
def test_the_explanation_lists_exactly_the_skipped_days(day: date, n: int, language: str) -> None:
    start = datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)
    d = compute_deadline(start, n, TimeUnit.working_days, timezone="Asia/Jakarta")
    listed = [line for line in explain_deadline(d, language).splitlines() if line.startswith("- ")]
    assert len(listed) == len(d.skipped)
    for line, skipped in zip(listed, d.skipped, strict=True):
        assert f" {skipped.date.day} " in line
        assert str(skipped.date.year) in line
