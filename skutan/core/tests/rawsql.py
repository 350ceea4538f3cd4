"""Raw SQL against the database, for the tests that prove the database itself refuses a write."""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def assert_refused(sql: str, params=()) -> DatabaseError:
    """The statement fails in the database (a trigger or a privilege), and nothing of it stays."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        execute(sql, params)
    return caught.value
