from skutan.accounts.models import Role, UnitKind
from skutan.accounts.navigation import nav_items_for
from skutan.accounts.services import unit_create, user_create


def _labels(user):
    return [i["label"] for i in nav_items_for(user)]


def test_menu_follows_role_and_unit_kind(db):
    eb = unit_create(name="EB", kind=UnitKind.FINANCIAL_ASSISTANCE)
    bou = unit_create(name="BoU", kind=UnitKind.CHILDREN)
    eb_worker = user_create(username="eb", password=None, memberships=[(eb, Role.CASEWORKER)])
    bou_worker = user_create(username="bou", password=None, memberships=[(bou, Role.CASEWORKER)])
    bou_manager = user_create(username="bouchef", password=None, memberships=[(bou, Role.UNIT_MANAGER)])
    assert "Ekonomiskt bistånd" in _labels(eb_worker) and "Frister" not in _labels(eb_worker)
    assert "Frister" in _labels(bou_worker) and "Ekonomiskt bistånd" not in _labels(bou_worker)
    assert "Enhetens ärenden" in _labels(bou_manager) and "Utbetalningar" not in _labels(bou_manager)


def test_menu_has_each_destination_once_for_superuser(db):
    admin = user_create(username="root", password=None)
    admin.is_superuser = True
    admin.save()
    labels = _labels(admin)
    assert labels.count("Utbetalningar") == 1 and "Loggkontroll" in labels
