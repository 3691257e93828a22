"""The documented recipe: sp4n's migrations inside a host's Alembic history, run by Alembic itself."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sp4n.adapters.storage import unit_of_work_from_url
from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked

DOC = Path(__file__).resolve().parents[2] / "docs" / "adapters.md"
ENV_PY = """
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                            poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None,
                      version_table=config.get_main_option("version_table"))
    with context.begin_transaction():
        context.run_migrations()
"""
HOST_REVISION = """
from alembic import op

revision = "host_0001"
down_revision = None


def upgrade() -> None:
    op.execute("CREATE TABLE {host_table} (case_no VARCHAR(20) NOT NULL)")


def downgrade() -> None:
    op.execute("DROP TABLE {host_table}")
"""


def _documented_revision() -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- alembic-revision -->\n```text\n(.*?)```", text, re.DOTALL)
    assert found, "docs/adapters.md lost the Alembic revision"
    return found.group(1)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(sp4n URL, SQLAlchemy URL) of an empty database or schema for this test."""
    if request.param == "sqlite":
        path = tmp_path / "host.db"
        yield f"sqlite:///{path}", f"sqlite:///{path}"
        return
    import psycopg

    dsn: str = request.getfixturevalue("postgres_server")
    schema = f"alembic_{os.getpid()}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    scoped = f"{dsn}?options=-csearch_path%3D{schema}"
    yield scoped, scoped.replace("postgresql://", "postgresql+psycopg://", 1)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_sp4n_migrations_run_inside_the_hosts_alembic_history(
    database: tuple[str, str], tmp_path: Path
) -> None:
    pytest.importorskip("alembic")
    from alembic import command
    from alembic.config import Config

    url, sqlalchemy_url = database
    scripts = tmp_path / "migrations"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text(ENV_PY, encoding="utf-8")
    (scripts / "versions" / "host_0001.py").write_text(
        HOST_REVISION.format(host_table="kasus"), encoding="utf-8"
    )
    (scripts / "versions" / "sp4n_0001.py").write_text(_documented_revision(), encoding="utf-8")
    config = Config()
    config.set_main_option("script_location", str(scripts))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url.replace("%", "%%"))
    config.set_main_option("version_table", "alembic_version")

    with pytest.raises(ConfigurationError, match="sp4n db upgrade"):
        unit_of_work_from_url(url, migrate=False)  # before the host's upgrade: refused, nothing created
    command.upgrade(config, "head")

    uow = unit_of_work_from_url(url, migrate=False)  # at the library's version: opens without DDL
    try:
        complaint, events = walked("c-1", Status.forwarded)
        with uow:
            uow.complaints.save(complaint, events, expected_version=0)
            uow.commit()
        with uow:
            assert uow.complaints.get("c-1") == complaint
    finally:
        uow.close()
