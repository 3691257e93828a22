"""``sp4n serve``: the web kit (LAPOR!-style API, Open311 GeoReport v2, pages) over a database, with uvicorn.

It serves the public side as is: anyone may track, list the public feed, read Open311 requests and open the
pages. Signed-in actions need the host's authentication, which a bare command line cannot know, so every
caller is anonymous here; ``--open311-key`` lets one Open311 client file reports (as an intake actor).
"""

from __future__ import annotations

import argparse
from typing import Any

from sp4n.adapters.loaders import load_policy
from sp4n.adapters.storage.urls import unit_of_work_from_url
from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import create_service

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``sp4n serve`` to the ``sp4n`` parser."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the LAPOR!-style API, Open311 GeoReport v2 and the tracking pages over HTTP",
        description=(
            "Run the web kit with uvicorn over the database at URL (sqlite:///file, postgresql://..., "
            "mysql://...). After `sp4n demo`, `sp4n serve --url sqlite:///sp4n-demo.sqlite` shows the demo's "
            "complaints at /lacak/<tracking number>, /api/v1/complaints and /open311/v2/requests.json. "
            "Needs the web extra: pip install 'sp4n[web]'."
        ),
    )
    parser.add_argument("--url", required=True, help="database URL (a bare path is a SQLite file)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8311, help="port (default 8311)")
    parser.add_argument("--policy", help="routing policy file (TOML, YAML, JSON): its categories are the "
                        "Open311 services and it routes new reports")  # fmt: skip
    parser.add_argument("--open311-key", help="an Open311 api_key accepted for POST requests")
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    # The web kit is an extra: imported only when serving, so the rest of the command line works without it.
    try:
        import uvicorn  # noqa: PLC0415

        from sp4n.web import WebConfig, create_app, services_from_policy  # noqa: PLC0415
    except ImportError as err:
        raise ConfigurationError("sp4n serve", "needs the web extra: pip install 'sp4n[web]'") from err

    policy = None if args.policy is None else load_policy(args.policy)
    service = create_service(uow=unit_of_work_from_url(args.url))
    key = args.open311_key
    config = WebConfig(
        open311_services=() if policy is None else services_from_policy(policy),
        open311_api_key=lambda given: Actor(id="open311", role=Role.intake) if key and given == key else None,
    )
    print(f"sp4n serve: http://{args.host}:{args.port}/ (API /api/v1, Open311 /open311/v2, pages /lacak)")
    uvicorn.run(create_app(service, config), host=args.host, port=args.port, log_level="warning")
    return 0
