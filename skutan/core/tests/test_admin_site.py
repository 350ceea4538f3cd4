"""Django admin: the superuser only; every model holding personal data is read-only there or absent."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

# Models without personal data, which the superuser may edit in an emergency. Everything else is personal
# data (about clients or staff) or a log, and must be read-only in Django admin, or not registered at all.
EDITABLE = {"accounts.municipality", "accounts.department", "accounts.unit", "auth.group"}


def test_every_registered_model_with_personal_data_is_read_only(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    registry = admin.site._registry
    assert registry, "Django admin has no models registered"
    for model, model_admin in registry.items():
        label = model._meta.label_lower
        if label in EDITABLE:
            continue
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label


@pytest.mark.parametrize("label", ["people.person", "people.household", "cases.case", "cases.journalentry",
                                   "assistance.application", "assistance.decision", "children.childreport",
                                   "referrals.decisionreferral", "accounts.apitoken"])
def test_clients_data_is_absent(label):
    assert apps.get_model(label) not in admin.site._registry


def test_only_the_superuser_gets_in(client, superuser, units):
    from skutan.accounts.models import Role
    from skutan.accounts.services import user_create

    staff_admin = user_create(username="sf", password="Skutan-demo-2026", memberships=[(units["logg"], Role.SYSTEM_ADMIN)])
    staff_admin.is_staff = True
    staff_admin.save(update_fields=["is_staff"])
    client.force_login(staff_admin)
    assert client.get("/admin/").status_code == 302  # to the admin login: not allowed
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/audit/auditevent/").status_code == 200
