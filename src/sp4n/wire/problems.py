"""Errors as problem details (RFC 9457): every :class:`~sp4n.exceptions.Sp4nError` has a status, a stable
type URI and a title in Bahasa Indonesia and English.

The table :data:`PROBLEMS` is the one source: the web layer answers with it and docs/wire.md prints it (a
test checks that every class in the exception tree has its own row). A host's subclass of an sp4n error
takes its nearest ancestor's row. The detail is built from the error's *attributes* (field, rule, action,
status), never from input values, so no personal data reaches a response (UU 27/2022).

>>> from sp4n.exceptions import NotPermitted
>>> doc = problem_for(NotPermitted("u-1", "dispose", "only the assigned agency's admin may dispose"))
>>> doc.status, doc.type, doc.title
(403, 'urn:sp4n:problem:not-permitted', 'Tidak diizinkan')
>>> doc.detail
"may not dispose: only the assigned agency's admin may dispose"
>>> problem_for(NotPermitted("u-1", "close", "x"), lang="en").title
'Not permitted'
"""

from __future__ import annotations

from typing import Literal

import attrs

from sp4n import exceptions as ex
from sp4n.wire.models import ProblemDoc

__all__ = ["PROBLEMS", "PROBLEM_MEDIA_TYPE", "ProblemKind", "problem", "problem_for"]

#: The media type of a problem details document (RFC 9457 section 3).
PROBLEM_MEDIA_TYPE = "application/problem+json"

Lang = Literal["id", "en"]


@attrs.frozen
class ProblemKind:
    """One row of the table: HTTP status, the stable slug of the type URI, the titles."""

    status: int
    slug: str
    title_id: str
    title_en: str

    @property
    def type(self) -> str:
        """The stable type URI (a URN: it names the kind of problem and never changes)."""
        return f"urn:sp4n:problem:{self.slug}"

    def title(self, lang: Lang) -> str:
        """The title in ``lang``."""
        return self.title_id if lang == "id" else self.title_en


# Status choices: input that breaks a rule is 422 (well-formed but unacceptable); a lifecycle step not
# possible from the current status and a lost race are 409 (the state conflicts; reload and retry); an
# idempotency key reused for another request is 422 as the IETF Idempotency-Key draft asks; errors in the
# host's own configuration, a stored history that does not verify and a failed delivery are the server's.
# A store out of reach and a node whose clock is behind the complaint's last change are 503: the request was
# fine and nothing was written, so the same request may succeed later (ClockSkew is this server's fault, not
# a conflict the client could resolve by reloading, hence not 409). Such errors carry ``retryable: true``.
PROBLEMS: dict[type[ex.Sp4nError], ProblemKind] = {
    ex.Sp4nError: ProblemKind(500, "error", "Kesalahan sistem", "Internal error"),
    ex.RuleViolation: ProblemKind(422, "rule-violation", "Masukan melanggar aturan", "Input breaks a rule"),
    ex.InvalidCommand: ProblemKind(422, "invalid-command", "Permintaan tidak sah", "Invalid request"),
    ex.UnknownRegion: ProblemKind(422, "unknown-region", "Wilayah tidak dikenal", "Unknown region"),
    ex.InvalidTransition: ProblemKind(
        409, "invalid-transition", "Langkah tidak dapat dilakukan", "Step not possible now"
    ),
    ex.NotPermitted: ProblemKind(403, "not-permitted", "Tidak diizinkan", "Not permitted"),
    ex.ComplaintNotFound: ProblemKind(
        404, "complaint-not-found", "Laporan tidak ditemukan", "No such report"
    ),
    ex.ConcurrencyConflict: ProblemKind(
        409, "concurrency-conflict", "Laporan diubah pihak lain", "Changed by someone else"
    ),
    ex.IdempotencyConflict: ProblemKind(
        422, "idempotency-conflict", "Kunci idempoten sudah dipakai", "Idempotency key already used"
    ),
    ex.UnsupportedYear: ProblemKind(
        422, "unsupported-year", "Tahun di luar kalender", "Year outside the calendar"
    ),
    ex.ConfigurationError: ProblemKind(500, "configuration", "Konfigurasi salah", "Misconfigured server"),
    ex.PolicyInvalid: ProblemKind(500, "policy-invalid", "Kebijakan tidak sah", "Invalid routing policy"),
    ex.RegionListInvalid: ProblemKind(
        500, "region-list-invalid", "Daftar wilayah tidak sah", "Invalid region list"
    ),
    ex.HistoryTampered: ProblemKind(500, "history-tampered", "Riwayat tidak utuh", "History does not verify"),
    ex.DeliveryError: ProblemKind(502, "delivery", "Pengiriman gagal", "Delivery failed"),
    ex.StorageUnavailable: ProblemKind(
        503, "storage-unavailable", "Penyimpanan tidak tersedia", "Storage unavailable; retry later"
    ),
    ex.ClockSkew: ProblemKind(503, "clock-skew", "Jam server tertinggal", "Server clock behind; retry later"),
    ex.DueActionsFailed: ProblemKind(
        500, "due-actions-failed", "Tindakan terjadwal gagal", "Scheduled actions failed"
    ),
}


def _kind(err: ex.Sp4nError) -> ProblemKind:
    for cls in type(err).__mro__:
        if cls in PROBLEMS:
            return PROBLEMS[cls]
    raise AssertionError("unreachable: Sp4nError is in the table")


def _detail(err: ex.Sp4nError) -> tuple[str, dict[str, object]]:
    # Each branch reads attributes the exception defines; the input itself is never echoed.
    detail, extra = str(err), dict[str, object]()
    if isinstance(err, ex.RuleViolation):
        detail, extra = f"{err.field}: {err.rule}", {"field": err.field, "rule": err.rule}
        if isinstance(err, ex.InvalidCommand):
            extra["errors"] = [{"field": f, "rule": r} for f, r in err.problems]
    elif isinstance(err, ex.NotPermitted):
        detail, extra = f"may not {err.action}: {err.rule}", {"rule": err.rule}
    elif isinstance(err, ex.InvalidTransition) and err.rule:
        extra = {"rule": err.rule}
    elif isinstance(err, ex.ConcurrencyConflict):
        detail = "the complaint was changed by someone else; reload and retry"
    if getattr(err, "retryable", False) is True:
        extra["retryable"] = True
    if _kind(err).status >= 500:
        # Server-side errors: the response says what kind, the host's log says the rest.
        detail = _kind(err).title_en
    return detail, extra


def problem_for(err: ex.Sp4nError, *, lang: Lang = "id", instance: str | None = None) -> ProblemDoc:
    """The problem details document for ``err``."""
    kind = _kind(err)
    detail, extra = _detail(err)
    return ProblemDoc(
        type=kind.type, title=kind.title(lang), status=kind.status, detail=detail, instance=instance, **extra
    )


def problem(
    status: int, slug: str, title: str, detail: str, *, instance: str | None = None, **extra: object
) -> ProblemDoc:
    """A problem that is not an sp4n error (an unknown route, a bad header), same format."""
    return ProblemDoc(
        type=f"urn:sp4n:problem:{slug}", title=title, status=status, detail=detail, instance=instance, **extra
    )
