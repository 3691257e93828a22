"""What a host configures for the web app, and the helpers every route module shares."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, Literal, TypeVar

import attrs
from fastapi import Request
from fastapi.responses import Response

from sp4n.jurisdiction.policy import Policy
from sp4n.lifecycle.model import Actor, Complaint
from sp4n.ports import Geocoder
from sp4n.service.app import Service
from sp4n.wire import PROBLEM_MEDIA_TYPE, ProblemDoc

__all__ = [
    "Authenticate",
    "KeptPerVersion",
    "Open311Service",
    "WebConfig",
    "config_of",
    "kept_of",
    "lang_of",
    "problem_response",
    "service_of",
    "services_from_policy",
]

#: The host's authentication: the request's actor, or ``None`` for an anonymous (public) caller.
Authenticate = Callable[[Request], Actor | None]


@attrs.frozen(kw_only=True)
class Open311Service:
    """One Open311 service: a complaint category offered to GeoReport clients, with its group."""

    code: str
    name: str
    description: str = ""
    group: str = ""
    keywords: tuple[str, ...] = ()


def _anonymous(_: Request) -> Actor | None:
    return None


@attrs.frozen(kw_only=True)
class WebConfig:
    """What the host supplies beyond the service.

    Args:
        authenticate: the request's actor (``None``: public); the host's sessions, tokens or mTLS.
        open311_services: the categories offered through Open311 (``services_from_policy`` builds them).
        open311_api_key: the actor an Open311 ``api_key`` stands for (``None``: refused with 403); an
            intake actor (``Role.intake``), the only machine role that may file.
        geocoder: lat/long to a region code, for Open311 intake (``None``: lat/long cannot be used).
        open311_window_days: the default window of ``GET requests`` when no dates are given (spec: 90).
        jurisdiction: the Open311 jurisdiction id this endpoint answers for.
        open311_contact, open311_key_service, open311_changeset: what service discovery tells clients (who
            to ask, where to get an api_key, when the endpoint last changed).
    """

    authenticate: Authenticate = _anonymous
    open311_services: Sequence[Open311Service] = ()
    open311_api_key: Callable[[str], Actor | None] = lambda _key: None
    geocoder: Geocoder | None = None
    open311_window_days: int = 90
    jurisdiction: str = "sp4n"
    open311_contact: str = ""
    open311_key_service: str = ""
    open311_changeset: str = "2026-01-01T00:00:00Z"


def services_from_policy(policy: Policy) -> list[Open311Service]:
    """One Open311 service per category the routing policy names; the group is the category's first word
    (``pendidikan-dasar`` and ``pendidikan-menengah`` are both in ``pendidikan``).

    >>> from sp4n.jurisdiction import Rule, Target, TargetLevel
    >>> p = Policy(name="x", rules=[Rule(id="sd", category="pendidikan-dasar",
    ...                                  target=Target(level=TargetLevel.kabupaten_kota))])
    >>> [(s.code, s.name, s.group) for s in services_from_policy(p)]
    [('pendidikan-dasar', 'Pendidikan dasar', 'pendidikan')]
    """
    categories = sorted({rule.category for rule in policy.rules})
    return [
        Open311Service(
            code=c, name=c.replace("-", " ").capitalize(), group=c.split("-")[0], keywords=tuple(c.split("-"))
        )
        for c in categories
    ]


def problem_response(doc: ProblemDoc) -> Response:
    """A problem details document as an HTTP response."""
    body = doc.model_dump_json(exclude_none=True)
    return Response(body, status_code=doc.status, media_type=PROBLEM_MEDIA_TYPE)


def lang_of(request: Request, *, accept_language: bool = True) -> Literal["id", "en"]:
    """Bahasa Indonesia unless ``?lang=en`` (or, with ``accept_language``, an English ``Accept-Language``)
    asks otherwise. Pages follow only the switch: a browser's default language must not hide Indonesian."""
    asked = request.query_params.get("lang")
    if asked in ("id", "en"):
        return "en" if asked == "en" else "id"
    if not accept_language:
        return "id"
    accept = request.headers.get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "id"


def service_of(request: Request) -> Service:
    """The service the app was built over."""
    svc: Service = request.app.state.service
    return svc


def config_of(request: Request) -> WebConfig:
    """The host's configuration."""
    config: WebConfig = request.app.state.config
    return config


T = TypeVar("T")


class KeptPerVersion(Generic[T]):
    """What the app wrote for a complaint (a page, a row), by complaint id, version and a key (the language,
    say); the ``max_items`` used last are kept.

    For what depends only on the complaint's stored state at one version: the read that brings the
    complaint (and its version) decides whether what was written last time still holds. Single-threaded,
    as the app's handlers are (one event loop).

    >>> import attrs
    >>> from sp4n.service import NoDeadlines, create_service
    >>> svc = create_service(sla=NoDeadlines())
    >>> c = svc.uow.complaints.get_by_tracking(svc.submit({"type": "pengaduan", "title": "Jalan",
    ...     "description": "Berlubang", "category": "jalan", "channel": "web", "region_code": "34.04"}
    ... ).tracking_id)
    >>> kept = KeptPerVersion[str]()
    >>> kept.put(c, "id", "<p>halaman</p>")
    >>> kept.get(c, "id"), kept.get(c, "en"), kept.get(attrs.evolve(c, version=c.version + 1), "id")
    ('<p>halaman</p>', None, None)
    """

    def __init__(self, max_items: int = 2048) -> None:
        self._items: OrderedDict[tuple[str, str], tuple[int, T]] = OrderedDict()
        self._max = max_items

    def get(self, complaint: Complaint, key: str) -> T | None:
        """What was written for ``complaint`` at its version under ``key``, if kept."""
        kept = self._items.get((complaint.id, key))
        if kept is None or kept[0] != complaint.version:
            return None
        self._items.move_to_end((complaint.id, key))
        return kept[1]

    def put(self, complaint: Complaint, key: str, value: T) -> None:
        """Keep ``value``, written for ``complaint`` at its version under ``key``."""
        self._items[(complaint.id, key)] = (complaint.version, value)
        self._items.move_to_end((complaint.id, key))
        while len(self._items) > self._max:
            self._items.popitem(last=False)


def kept_of(request: Request, name: str) -> KeptPerVersion[Any]:
    """The app's :class:`KeptPerVersion` called ``name`` (made on first use)."""
    state = request.app.state
    if getattr(state, name, None) is None:
        setattr(state, name, KeptPerVersion[Any]())
    kept: KeptPerVersion[Any] = getattr(state, name)
    return kept
