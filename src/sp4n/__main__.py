"""``python -m sp4n`` runs the command line."""

from sp4n.cli import main

raise SystemExit(main())
