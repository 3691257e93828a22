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
from sp4n.texts import text

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``sp4n serve`` to the ``sp4n`` parser."""
    parser = subparsers.add_parser(
        "serve",
        help=text("help.serve"),
        description=text("help.serve.description"),
    )
    parser.add_argument("--url", required=True, help=text("help.serve.url"))
    parser.add_argument("--host", default="127.0.0.1", help=text("help.serve.host"))
    parser.add_argument("--port", type=int, default=8311, help=text("help.serve.port"))
    parser.add_argument("--policy", help=text("help.serve.policy"))
    parser.add_argument("--open311-key", help=text("help.serve.key"))
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
    print(text("cli.serve.listening", host=args.host, port=args.port))
    uvicorn.run(create_app(service, config), host=args.host, port=args.port, log_level="warning")
    return 0
