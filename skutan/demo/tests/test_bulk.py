"""The generator's writer: reserved keys never collide, and ``create`` does what bulk_create does."""

import pytest

from skutan.accounts.models import Membership, Role, Unit, UnitKind, User
from skutan.demo.bulk import BulkWriter


@pytest.mark.django_db
def test_reserved_ids_skip_rows_written_meanwhile_without_the_writer():
    writer = BulkWriter()
    first = writer.ids(Unit, 2)
    writer.write([Unit(pk=first[0], name="A", kind=UnitKind.ADULTS), Unit(pk=first[1], name="B", kind=UnitKind.ADULTS)])
    reserved = writer.ids(Unit, 3)  # not written yet
    outside = Unit.objects.create(name="C", kind=UnitKind.CHILDREN)  # a service writing meanwhile
    later = writer.ids(Unit, 2)
    assert outside.pk not in later and not set(later) & set(reserved) and not set(later) & set(first)


@pytest.mark.django_db
def test_create_refreshes_keys_to_parents_written_before():
    writer = BulkWriter()
    unit = Unit.objects.create(name="Vuxen", kind=UnitKind.ADULTS)
    user = User(username="ny.handlaggare", first_name="Ny", last_name="Handläggare")
    membership = Membership(user=user, unit=unit, role=Role.CASEWORKER)  # the user has no key yet
    writer.create([user])
    writer.create([membership])
    saved = Membership.objects.get(pk=membership.pk)
    assert (saved.user_id, saved.unit_id, saved.role) == (user.pk, unit.pk, Role.CASEWORKER)
    assert User.objects.get(pk=user.pk).username == "ny.handlaggare"


def _index_definitions(tables: list[str]) -> set[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the tables' and their partitions' indexes
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "OR tablename IN (SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid "
                "JOIN pg_class p ON p.oid = h.inhparent WHERE p.relname = ANY(%s))",
                [tables, tables],
            )
            return set(cursor.fetchall())
        return {(name, str(c)) for t in tables for name, c in connection.introspection.get_constraints(cursor, t).items()}


@pytest.mark.django_db
def test_deferred_indexes_come_back_with_the_same_names_and_definitions():
    from django.db import connection

    from skutan.audit.models import AccessLog
    from skutan.cases.models import CaseEvent, JournalEntry

    tables = [AccessLog._meta.db_table, JournalEntry._meta.db_table, CaseEvent._meta.db_table]
    before = _index_definitions(tables)
    writer = BulkWriter()
    with writer.indexes_deferred(AccessLog, JournalEntry, CaseEvent):
        during = _index_definitions(tables)
    after = _index_definitions(tables)
    assert after == before
    if connection.vendor == "postgresql":  # only the primary keys and constraint indexes stay meanwhile
        dropped = {name for name, _ in before - during}
        assert {"accesslog_person_at_idx", "accesslog_user_at_idx"} <= dropped
        assert all(not name.endswith("_pkey") for name in dropped)
    else:
        assert during == before


@pytest.mark.django_db
def test_deferred_indexes_work_after_rows_with_pending_foreign_key_checks():
    """The generator writes a table's rows earlier in the same transaction; PostgreSQL refuses DROP and CREATE
    INDEX on a table with pending deferred FK checks unless they are run first."""
    table = [Membership._meta.db_table]
    unit = Unit.objects.create(name="Index", kind=UnitKind.FINANCIAL_ASSISTANCE)
    first = User.objects.create(username="index.first")
    Membership.objects.create(user=first, unit=unit, role=Role.CASEWORKER)  # a pending FK check on the table
    before = _index_definitions(table)
    with BulkWriter().indexes_deferred(Membership):
        second = User.objects.create(username="index.second")
        Membership.objects.create(user=second, unit=unit, role=Role.CASEWORKER)
    assert _index_definitions(table) == before
    assert Membership.objects.filter(unit=unit).count() == 2
