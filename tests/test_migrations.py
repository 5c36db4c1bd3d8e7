"""The migrations build the schema the models describe, from empty, on this database."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from eventapp.extensions import db

from .support import POSTGRES_URL, TemporaryPostgresDatabase, make_app


@pytest.fixture
def empty_database_app(tmp_path):
    """An app on a database with no tables at all (its own, even on PostgreSQL)."""
    if POSTGRES_URL:
        database = TemporaryPostgresDatabase(POSTGRES_URL)
        app = make_app(tmp_path, database.create())
    else:
        database = None
        app = make_app(tmp_path, None)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if database:
        database.drop()


def differences_between_models_and_database():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_builds_exactly_the_models_schema(empty_database_app):
    upgrade()
    assert differences_between_models_and_database() == []


def test_every_revision_downgrades_and_upgrades_again(empty_database_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert differences_between_models_and_database() == []


def test_each_revision_downgrades_to_the_one_before_and_upgrades_again(empty_database_app):
    # One step at a time: a downgrade that only works from the head would slip past
    # the test above.
    from alembic.script import ScriptDirectory

    from eventapp import ROOT

    revisions = list(ScriptDirectory(str(ROOT / "migrations")).walk_revisions())
    for _revision in revisions:
        upgrade(revision="+1")
        downgrade(revision="-1")
        upgrade(revision="+1")
    assert differences_between_models_and_database() == []
