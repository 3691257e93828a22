"""The ASGI app a host mounts: :func:`create_app` wires the LAPOR!-style API, Open311 GeoReport v2 and the
pages onto one :class:`~sp4n.service.Service`.

FastAPI (on Starlette) was chosen over bare Starlette because the app's OpenAPI document is then generated
from the same pydantic models as the wire format (:mod:`sp4n.wire`) and the commands, so clients, the
schema tests (schemathesis) and the code cannot drift apart; Starlette alone would need that document
written by hand.

Every handler is ``async`` and calls the synchronous service directly, so one app runs its unit of work on
the event loop's thread, one request at a time (a unit of work belongs to one thread). Scale with processes
(``uvicorn --workers``), each with its own connection.

Every error leaves as RFC 9457 problem details (:func:`sp4n.wire.problem_for`): an ``Sp4nError`` by its
table, a malformed request as 400/422, an unknown route as 404, anything else as a bare 500 (the host's log
gets the traceback; the client gets no internals).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from sp4n.exceptions import Sp4nError
from sp4n.service.app import Service
from sp4n.texts import text
from sp4n.web import api, open311, pages
from sp4n.web.config import WebConfig, lang_of, problem_response
from sp4n.wire import problem, problem_for

__all__ = ["create_app"]

_log = logging.getLogger(__name__)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Sp4nError)
    async def sp4n_error(request: Request, err: Sp4nError) -> Response:
        doc = problem_for(err, lang=lang_of(request), instance=request.url.path)
        if doc.status >= 500:
            _log.error("request failed: %s", type(err).__name__)
        return problem_response(doc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> Response:
        # The input itself is never echoed (it may be personal data): only where and which rule.
        errors = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]), "rule": e["msg"]}
            for e in err.errors()
        ]
        first = errors[0] if errors else {"field": "request", "rule": "is invalid"}
        title = text("problem.invalid-request", lang_of(request))
        doc = problem(
            422, "invalid-request", title, f"{first['field']}: {first['rule']}",
            instance=request.url.path, field=first["field"], rule=first["rule"], errors=errors,
        )  # fmt: skip
        return problem_response(doc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> Response:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(err.status_code, "http")
        return problem_response(
            problem(err.status_code, slug, str(err.detail), str(err.detail), instance=request.url.path)
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, err: Exception) -> Response:
        _log.exception("unhandled error on %s", request.url.path)
        title = text("problem.error", lang_of(request))
        return problem_response(problem(500, "error", title, text("problem.error", "en")))


def create_app(service: Service, config: WebConfig | None = None) -> FastAPI:
    """The ASGI app over ``service``: ``/api/v1`` (LAPOR!-style JSON), ``/open311/v2`` and the pages.

    >>> from sp4n.service import NoDeadlines, create_service
    >>> app = create_app(create_service(sla=NoDeadlines()))
    >>> sorted(app.openapi()["paths"])[:3]
    ['/api/v1/complaints', '/api/v1/complaints/{complaint_id}', '/api/v1/complaints/{complaint_id}/{action}']
    """
    config = config or WebConfig()
    app = FastAPI(
        title="sp4n",
        version="1",
        description="SP4N-LAPOR! complaints: LAPOR!-style JSON API, Open311 GeoReport v2, public pages.",
        default_response_class=JSONResponse,
    )
    app.state.service = service
    app.state.config = config
    _install_error_handlers(app)
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(open311.router, prefix="/open311/v2")
    app.include_router(pages.router)
    return app
