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
