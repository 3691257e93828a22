"""A portal on FastAPI: one sp4n Service for the whole process, shared by FastAPI's worker threads.

Run it with ``uvicorn`` after ``pip install fastapi uvicorn sp4n[postgres]``::

    SP4N_URL=postgresql://lapor@db/lapor uvicorn fastapi_portal:app

The endpoints are plain ``def`` (not ``async def``): FastAPI runs them in its thread pool, and each call
takes a pooled connection for the length of its command. sp4n's errors map to HTTP once, in the exception
handlers; their messages name the field and the rule and never quote personal data.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from sp4n.adapters.storage import unit_of_work_from_url
from sp4n.exceptions import ComplaintNotFound, IdempotencyConflict, RuleViolation, StorageUnavailable
from sp4n.service import Service, create_service


def build_app(url: str) -> FastAPI:
    """The portal's app on the store at ``url`` (its tables already at sp4n's version on a server)."""
    uow = unit_of_work_from_url(url)  # one pool (or one SQLite connection per thread) for the process
    svc: Service = create_service(uow=uow)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        uow.close()  # the pool's connections, at shutdown

    app = FastAPI(title="LAPOR! portal", lifespan=lifespan)

    @app.post("/complaints", status_code=201)
    def submit(form: dict[str, Any], request: Request) -> dict[str, str]:
        receipt = svc.submit(form, idempotency_key=request.headers.get("Idempotency-Key"))
        return {"tracking_id": receipt.tracking_id, "status": str(receipt.status)}

    @app.get("/complaints/{tracking_id}")
    def public_status(tracking_id: str) -> dict[str, str]:
        view = svc.public_by_tracking(tracking_id)
        if view is None:  # unknown, or not public (rahasia): the same answer, so nothing leaks
            raise ComplaintNotFound(tracking_id)
        return {"tracking_id": view.tracking_id, "status": str(view.status), "label": view.status_label}

    def problem(status: int, err: Exception, **headers: str) -> JSONResponse:
        return JSONResponse({"error": type(err).__name__, "detail": str(err)}, status, headers=headers)

    @app.exception_handler(RuleViolation)
    def bad_input(_: Request, err: RuleViolation) -> JSONResponse:
        return problem(422, err)

    @app.exception_handler(ComplaintNotFound)
    def not_found(_: Request, err: ComplaintNotFound) -> JSONResponse:
        return problem(404, err)

    @app.exception_handler(IdempotencyConflict)
    def key_reused(_: Request, err: IdempotencyConflict) -> JSONResponse:
        return problem(409, err)

    @app.exception_handler(StorageUnavailable)
    def unavailable(_: Request, err: StorageUnavailable) -> JSONResponse:
        return problem(503, err, **{"Retry-After": "1"})  # retryable by definition

    return app


if "SP4N_URL" in os.environ:  # pragma: no cover - what uvicorn imports
    app = build_app(os.environ["SP4N_URL"])
