"""Django: sp4n's command inside ``transaction.atomic()`` on Django's own connection (SQLite here; the
PostgreSQL and MariaDB backends hand over psycopg / PyMySQL connections the other host tests cover)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import sqlite3, sys
import django
from django.conf import settings

settings.configure(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1]}})
django.setup()
from django.db import connection, transaction

from sp4n.adapters.storage import unit_of_work_on
from sp4n.exceptions import ConfigurationError
from sp4n.service import create_service

FORM = {"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
        "category": "infrastruktur", "channel": "web", "region_code": "34.04"}

with connection.cursor() as cur:
    cur.execute("CREATE TABLE kasus (no TEXT)")
try:
    unit_of_work_on(connection)
except ConfigurationError as err:
    print("outside atomic:", err.source)

class HostFailed(Exception):
    pass

try:
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("INSERT INTO kasus VALUES ('K-1')")
        create_service(uow=unit_of_work_on(connection)).submit(FORM)
        raise HostFailed
except HostFailed:
    pass
with transaction.atomic():
    with connection.cursor() as cur:
        cur.execute("INSERT INTO kasus VALUES ('K-2')")
    create_service(uow=unit_of_work_on(connection)).submit(FORM)

check = sqlite3.connect(sys.argv[1])
print("kasus", check.execute("SELECT no FROM kasus").fetchall())
print("complaints", check.execute("SELECT COUNT(*) FROM sp4n_complaints").fetchone()[0])
"""


def test_a_command_inside_django_atomic_commits_and_rolls_back_with_the_hosts_rows(tmp_path: Path) -> None:
    pytest.importorskip("django")
    from sp4n.adapters.storage.sqlite import SqliteUnitOfWork

    db = tmp_path / "django.db"
    SqliteUnitOfWork(db).close()  # sp4n's tables, as `sp4n db upgrade` makes them
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(db)], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["outside atomic: connection", "kasus [('K-2',)]", "complaints 1"]
