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
'tidak diizinkan melakukan «Disposisi»: hanya admin instansi yang ditugasi yang boleh mendisposisikan'
>>> doc.rule
"only the assigned agency's admin may dispose"
>>> problem_for(NotPermitted("u-1", "close", "x"), lang="en").title
'Not permitted'
"""

from __future__ import annotations

from typing import Literal

import attrs

from sp4n import exceptions as ex
from sp4n.texts import text
from sp4n.wire.models import ProblemDoc

__all__ = ["PROBLEMS", "PROBLEM_MEDIA_TYPE", "ProblemKind", "problem", "problem_for"]

#: The media type of a problem details document (RFC 9457 section 3).
PROBLEM_MEDIA_TYPE = "application/problem+json"

Lang = Literal["id", "en"]


@attrs.frozen
class ProblemKind:
    """One row of the table: HTTP status and the stable slug of the type URI; the titles are the texts
    ``problem.<slug>`` (:mod:`sp4n.texts.words`)."""

    status: int
    slug: str

    @property
    def title_id(self) -> str:
        """The Indonesian title."""
        return self.title("id")

    @property
    def title_en(self) -> str:
        """The English title."""
        return self.title("en")

    @property
    def type(self) -> str:
        """The stable type URI (a URN: it names the kind of problem and never changes)."""
        return f"urn:sp4n:problem:{self.slug}"

    def title(self, lang: str) -> str:
        """The title in ``lang``."""
        return text(f"problem.{self.slug}", lang)


# Status choices: input that breaks a rule is 422 (well-formed but unacceptable); a lifecycle step not
# possible from the current status and a lost race are 409 (the state conflicts; reload and retry); an
# idempotency key reused for another request is 422 as the IETF Idempotency-Key draft asks; errors in the
# host's own configuration, a stored history that does not verify and a failed delivery are the server's.
# A store out of reach and a node whose clock is behind the complaint's last change are 503: the request was
# fine and nothing was written, so the same request may succeed later (ClockSkew is this server's fault, not
# a conflict the client could resolve by reloading, hence not 409). Such errors carry ``retryable: true``.
PROBLEMS: dict[type[ex.Sp4nError], ProblemKind] = {
    ex.Sp4nError: ProblemKind(500, "error"),
    ex.RuleViolation: ProblemKind(422, "rule-violation"),
    ex.InvalidCommand: ProblemKind(422, "invalid-command"),
    ex.UnknownRegion: ProblemKind(422, "unknown-region"),
    ex.InvalidTransition: ProblemKind(409, "invalid-transition"),
    ex.NotPermitted: ProblemKind(403, "not-permitted"),
    ex.ComplaintNotFound: ProblemKind(404, "complaint-not-found"),
    ex.ConcurrencyConflict: ProblemKind(409, "concurrency-conflict"),
    ex.IdempotencyConflict: ProblemKind(422, "idempotency-conflict"),
    ex.UnsupportedYear: ProblemKind(422, "unsupported-year"),
    ex.ConfigurationError: ProblemKind(500, "configuration"),
    ex.PolicyInvalid: ProblemKind(500, "policy-invalid"),
    ex.RegionListInvalid: ProblemKind(500, "region-list-invalid"),
    ex.HistoryTampered: ProblemKind(500, "history-tampered"),
    ex.DeliveryError: ProblemKind(502, "delivery"),
    ex.StorageUnavailable: ProblemKind(503, "storage-unavailable"),
    ex.ClockSkew: ProblemKind(503, "clock-skew"),
    ex.DueActionsFailed: ProblemKind(500, "due-actions-failed"),
}


def _kind(err: ex.Sp4nError) -> ProblemKind:
    for cls in type(err).__mro__:
        if cls in PROBLEMS:
            return PROBLEMS[cls]
    raise AssertionError("unreachable: Sp4nError is in the table")


def _detail(err: ex.Sp4nError, lang: str) -> tuple[str, dict[str, object]]:
    # Each branch reads attributes the exception defines; the input itself is never echoed. The detail is
    # for the person who sent the request (in ``lang``); ``rule`` and ``errors`` stay English, for programs.
    detail, extra = err.message(lang), dict[str, object]()
    if isinstance(err, ex.RuleViolation):
        extra = {"field": err.field, "rule": err.rule}
        if isinstance(err, ex.InvalidCommand):
            extra["errors"] = [{"field": f, "rule": r} for f, r in err.problems]
    elif isinstance(err, ex.NotPermitted) or (isinstance(err, ex.InvalidTransition) and err.rule):
        extra = {"rule": err.rule}
    elif isinstance(err, ex.ConcurrencyConflict):
        detail = text("problem.concurrency-detail", lang)
    if getattr(err, "retryable", False) is True:
        extra["retryable"] = True
    if _kind(err).status >= 500:
        # Server-side errors: the response says what kind, the host's log says the rest.
        detail = _kind(err).title(lang)
    return detail, extra


def problem_for(err: ex.Sp4nError, *, lang: Lang = "id", instance: str | None = None) -> ProblemDoc:
    """The problem details document for ``err``."""
    kind = _kind(err)
    detail, extra = _detail(err, lang)
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
