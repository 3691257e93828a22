"""The application layer (temporary face during the re-layout)."""

from sp4n.service.facade import *  # noqa: F403
from sp4n.service.facade import __all__ as __all__
