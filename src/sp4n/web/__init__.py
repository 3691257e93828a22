"""The web kit: an ASGI app (FastAPI) a host mounts, speaking the LAPOR!-style JSON API, Open311 GeoReport v2
and server-rendered pages (see docs/web.md). Needs the ``web`` extra: ``pip install 'sp4n[web]'``.
"""

from __future__ import annotations

from sp4n.web.app import create_app
from sp4n.web.config import Authenticate, Open311Service, WebConfig, services_from_policy

__all__ = ["Authenticate", "Open311Service", "WebConfig", "create_app", "services_from_policy"]
