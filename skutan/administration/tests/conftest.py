import pytest

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.core.tests.fixtures import *  # noqa: F401,F403  (superuser, login …)


@pytest.fixture
def sysadmin(units):
    return user_create(
        username="systemforvaltare", password="Skutan-demo-2026", first_name="Sam", last_name="Förvaltare",
        memberships=[(units["logg"], Role.SYSTEM_ADMIN)],
    )
