"""The monthly register of ekonomiskt bistånd on a hand-built month: the expected rows are written out."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skutan.assistance import register
from skutan.assistance.register_codes import household_type
from skutan.assistance.services import (
    CostInput,
    IncomeInput,
    application_create,
    application_defaults,
    case_closing_code_set,
    decision_make,
)
from skutan.audit.models import AccessLog
from skutan.cases.services import case_close, case_open
from skutan.conftest import make_pnr
from skutan.people.services import household_create, person_create

from .conftest import MONTH

pytestmark = pytest.mark.django_db


def _case(staff, units, members, cohabiting):
    household = household_create(actor=staff["eb_worker"], members=members, cohabiting=cohabiting, since=date(2020, 1, 1))
    case = case_open(actor=staff["eb_worker"], person=members[0][0], unit=units["eb"], case_type="financial_assistance",
                     opening_kind="application", assign_to=staff["eb_worker"])
    case.household, case.opened_on = household, date(2025, 1, 10)
    case.save(update_fields=["household", "opened_on"])
    return case


def _month(staff, case, month, *, obstacles, measures=(), rent="8000", incomes=()):
    data = application_defaults(case=case, month=month)
    adults = [m for m in data.members if m.role == "adult"]
    for member, code in zip(adults, obstacles, strict=False):
        member.support_obstacle = code
    for member, measure in zip(adults, measures, strict=False):
        member.labour_market_measures = [measure] if measure else []
    data.costs = [CostInput(type="rent", amount=Decimal(rent))]
    data.incomes = [IncomeInput(type=t, amount=Decimal(a), member_key=k) for t, a, k in incomes]
    return application_create(actor=staff["eb_worker"], case=case, month=month, data=data)


@pytest.fixture
def month_built(staff, units, delegations):
    """May 2025: Karin (single woman) with Lisa (9) granted; the Lund couple partly granted, case closed on
    20 May; Olof rejected (not reported); Karin's April decided too (another month)."""
    p = lambda born, serial, first, last, abroad: person_create(  # noqa: E731
        actor=staff["eb_worker"], identity_number=make_pnr(born, serial), first_name=first, last_name=last,
        born_abroad=abroad,
    )
    karin, lisa = p(date(1980, 4, 2), 982, "Karin", "Ek", False), p(date(2015, 6, 1), 984, "Lisa", "Ek", False)
    per, eva = p(date(1975, 1, 1), 991, "Per", "Lund", True), p(date(1977, 3, 3), 986, "Eva", "Lund", None)
    olof = p(date(1990, 9, 9), 993, "Olof", "Berg", False)
    ek = _case(staff, units, [(karin, "adult"), (lisa, "child")], cohabiting=False)
    lund = _case(staff, units, [(per, "adult"), (eva, "adult")], cohabiting=True)
    berg = _case(staff, units, [(olof, "adult")], cohabiting=False)
    manager = staff["eb_manager"]
    april = _month(staff, ek, date(2025, 4, 1), obstacles=["111"], incomes=[("child_allowance", "1250", "")])
    decision_make(actor=manager, application=april, outcome="granted", reasons="Styrkt.")
    may = _month(staff, ek, MONTH, obstacles=["111"], measures=["praktik"], incomes=[("child_allowance", "1250", "")])
    decision_make(actor=manager, application=may, outcome="granted", reasons="Styrkt.")
    couple = _month(staff, lund, MONTH, obstacles=["021", "040"], rent="6000")
    decision_make(actor=manager, application=couple, outcome="partly_granted", amount=5000, reasons="Delvis.")
    single = _month(staff, berg, MONTH, obstacles=[], incomes=[("salary", "40000", f"p{olof.pk}")])
    decision_make(actor=manager, application=single, outcome="rejected", reasons="Inkomst.")
    lund.refresh_from_db()
    case_close(actor=staff["eb_worker"], case=lund, reason="Arbete", expected_version=lund.version,
               closed_on=date(2025, 5, 20))
    return {"ek": ek, "lund": lund, "berg": berg, "karin": karin, "lisa": lisa, "per": per, "eva": eva}


def _pnr(person):
    return person.identity_number.replace("-", "")


def test_the_register_rows_of_a_hand_built_month(month_built):
    w = month_built
    ek, lund = w["ek"].reference, w["lund"].reference
    # Karin 3 910 + Lisa (9 år) 3 790 + gemensamma 2 pers. 1 400 + hyra 8 000 − barnbidrag 1 250 = 15 850
    expected = [
        {"manad": "202505", "kommun": "1782", "stadsdel": "", "personnummer": _pnr(w["karin"]), "registerledare": "1",
         "kon": "K", "alder": "45", "fodd_utrikes": "0", "antal_personer": "2", "antal_barn_under_18": "1",
         "hushallstyp": "6", "bistandsbelopp": "15850", "forsorjningshinder": "111", "arbetsmarknadsinsatser": "praktik",
         "avslutsorsak": "", "arende": ek},
        {"manad": "202505", "kommun": "1782", "stadsdel": "", "personnummer": _pnr(w["lisa"]), "registerledare": "0",
         "kon": "K", "alder": "9", "fodd_utrikes": "0", "antal_personer": "2", "antal_barn_under_18": "1",
         "hushallstyp": "6", "bistandsbelopp": "", "forsorjningshinder": "", "arbetsmarknadsinsatser": "",
         "avslutsorsak": "", "arende": ek},
        {"manad": "202505", "kommun": "1782", "stadsdel": "", "personnummer": _pnr(w["per"]), "registerledare": "1",
         "kon": "M", "alder": "50", "fodd_utrikes": "1", "antal_personer": "2", "antal_barn_under_18": "0",
         "hushallstyp": "7", "bistandsbelopp": "5000", "forsorjningshinder": "021", "arbetsmarknadsinsatser": "",
         "avslutsorsak": "", "arende": lund},
        {"manad": "202505", "kommun": "1782", "stadsdel": "", "personnummer": _pnr(w["eva"]), "registerledare": "0",
         "kon": "K", "alder": "48", "fodd_utrikes": "", "antal_personer": "2", "antal_barn_under_18": "0",
         "hushallstyp": "7", "bistandsbelopp": "", "forsorjningshinder": "040", "arbetsmarknadsinsatser": "",
         "avslutsorsak": "", "arende": lund},
    ]
    rows = sorted(register.register_rows(month=MONTH), key=lambda r: (r["arende"], r["registerledare"] != "1"))
    assert rows == expected


def test_the_check_lists_what_is_missing_before_the_15th(month_built, staff):
    w = month_built
    check = register.register_check(month=MONTH)
    assert check.deadline == date(2025, 6, 15) and (check.households, check.persons) == (2, 4)
    assert [m["case"] for m in check.missing_closing_codes] == [w["lund"].reference]
    assert check.missing_obstacles == [] and not check.complete
    assert [u["name"] for u in check.unknown_born_abroad] == ["Eva Lund"]
    case_closing_code_set(actor=staff["eb_worker"], case=w["lund"], code="arbete")
    assert register.register_check(month=MONTH).complete
    rows = {r["personnummer"]: r for r in register.register_rows(month=MONTH)}
    assert rows[_pnr(w["per"])]["avslutsorsak"] == "arbete" and rows[_pnr(w["eva"])]["avslutsorsak"] == ""


def test_a_month_decided_before_the_rule_without_a_support_obstacle_is_named(month_built, staff, units):
    from skutan.assistance.models import ApplicationStatus, Decision

    # decided before Skutan required it (or bulk-loaded): the adult has no försörjningshinder
    nils = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(1960, 1, 1), 995),
                         first_name="Nils", last_name="Gammal", born_abroad=False)
    case = _case(staff, units, [(nils, "adult")], cohabiting=False)
    application = _month(staff, case, MONTH, obstacles=[])
    Decision.objects.create(
        case=case, application=application, month=MONTH, outcome="granted", amount=Decimal(3000),
        calculated_amount=Decimal(3000), payee=nils, decided_by=staff["eb_manager"], decided_at=application.created_at,
        reasons="Äldre beslut.", legal_basis="SoL", calculation={"assistance": 3000}, inputs={},
    )
    type(application).objects.filter(pk=application.pk).update(status=ApplicationStatus.DECIDED)
    check = register.register_check(month=MONTH)
    assert [m["name"] for m in check.missing_obstacles] == ["Nils Gammal"] and not check.complete
    row = next(r for r in register.register_rows(month=MONTH) if r["personnummer"] == _pnr(nils))
    assert row["forsorjningshinder"] == "" and row["hushallstyp"] == "3" and row["bistandsbelopp"] == "3000"


def test_an_unknown_closing_code_or_an_open_case_is_refused(month_built, staff):
    from skutan.core.errors import ApplicationError, ConflictError

    with pytest.raises(ApplicationError):
        case_closing_code_set(actor=staff["eb_worker"], case=month_built["lund"], code="nonsense")
    with pytest.raises(ConflictError):
        case_closing_code_set(actor=staff["eb_worker"], case=month_built["ek"], code="arbete")


@pytest.mark.parametrize(
    ("adults", "cohabiting", "sex", "children", "expected"),
    [(0, False, None, 2, 1), (1, False, "M", 0, 3), (1, False, "M", 1, 4), (1, False, "K", 0, 5),
     (1, False, "K", 3, 6), (2, True, "M", 0, 7), (2, True, "K", 1, 8), (1, False, None, 0, 9)],
)
def test_household_type(adults, cohabiting, sex, children, expected):
    assert household_type(adults=adults, cohabiting=cohabiting, applicant_sex=sex, children_under_18=children) == expected


def test_csv_xlsx_and_the_column_setting(month_built, settings):
    rows = register.register_rows(month=MONTH)
    parsed = list(csv.reader(io.StringIO(register.register_csv(rows).decode()), delimiter=";"))
    assert parsed[0] == list(register.DEFAULT_COLUMNS) and len(parsed) == 5
    settings.SKUTAN_EB_REGISTER_COLUMNS = ["personnummer", "manad", "forsorjningshinder"]
    parsed = list(csv.reader(io.StringIO(register.register_csv(rows).decode()), delimiter=";"))
    assert parsed[0] == ["personnummer", "manad", "forsorjningshinder"]
    assert sorted(r[2] for r in parsed[1:]) == ["", "021", "040", "111"]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(register.register_xlsx(rows)))
    values = list(book.active.values)
    assert values[0] == ("personnummer", "manad", "forsorjningshinder") and "021" in [v[2] for v in values]


def test_the_register_page_and_file_are_for_managers_and_logged(login, month_built, staff):
    assert login(staff["eb_worker"]).get("/bistand/register/?manad=2025-05").status_code == 403
    client = login(staff["eb_manager"])
    page = client.get("/bistand/register/?manad=2025-05").content.decode()
    assert "Avslutsorsak saknas" in page and month_built["lund"].reference in page and "2025-06-15" in page
    response = client.get("/bistand/register/fil/?manad=2025-05&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert _pnr(month_built["karin"]) in response.content.decode()
    logged = set(AccessLog.objects.filter(action="export", object_type="eb_register").values_list("case_id", flat=True))
    assert logged == {month_built["ek"].pk, month_built["lund"].pk}
    xlsx = client.get("/bistand/register/fil/?manad=2025-05&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_command_line(month_built, staff, tmp_path):
    out = io.StringIO()
    call_command("statistics", "eb-register", "--month", "2025-05", "--user", staff["eb_manager"].username, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("manad;kommun") and len(lines) == 5
    target = tmp_path / "maj.xlsx"
    call_command("statistics", "eb-register", "--month", "2025-05", "--user", staff["eb_manager"].username,
                 "--format", "xlsx", "--output", str(target), stderr=io.StringIO())
    assert target.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="Uppgifter saknas"):
        call_command("statistics", "eb-register", "--month", "2025-05", "--user", staff["eb_manager"].username,
                     "--check", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("statistics", "eb-register", "--month", "2025-05", "--user", staff["eb_worker"].username)
    assert AccessLog.objects.filter(channel="cli", action="export").exists()


def test_the_closing_code_is_set_on_the_case_months_page(login, month_built, staff):
    from skutan.audit.catalogue import EventType
    from skutan.audit.models import AuditEvent

    client = login(staff["eb_worker"])
    lund = month_built["lund"]
    page = client.get(f"/bistand/arenden/{lund.pk}/").content.decode()
    assert "Avslutsorsak saknas för registret" in page and "inte bekräftad" in page
    assert client.post(f"/bistand/arenden/{lund.pk}/avslutsorsak/", {"code": "x"}).status_code == 400
    response = client.post(f"/bistand/arenden/{lund.pk}/avslutsorsak/", {"code": "arbete"}, follow=True)
    assert "Egen försörjning genom arbete" in response.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.ASSISTANCE_CLOSING_CODE_SET, case_id=lund.pk).exists()


@pytest.mark.django_db(transaction=True)  # the worker commits and reconnects, as in production
def test_the_register_file_is_made_in_the_background_for_its_starter_only(login, month_built, staff):
    from openpyxl import load_workbook

    from skutan.audit.catalogue import EventType
    from skutan.audit.models import AuditEvent
    from skutan.core.models import TaskProgress, TaskStatus
    from skutan.core.tasks import worker_run_pending
    from skutan.people.models import Person

    # Karin gets skyddad folkbokföring: her address must never be in a file (it is not a column at all).
    Person.objects.filter(pk=month_built["karin"].pk).update(
        protection="skyddad_folkbokforing", street_address="Hemliga vägen 7", city="Filipstad")
    assert login(staff["eb_worker"]).post("/bistand/register/export/?manad=2025-05", {"format": "xlsx"}).status_code == 403
    assert not TaskProgress.objects.exists()
    client = login(staff["eb_manager"])
    response = client.post("/bistand/register/export/?manad=2025-05", {"format": "xlsx"})
    task = TaskProgress.objects.get(kind="assistance.register")
    assert response["Location"] == f"/bistand/register/?manad=2025-05&uppgift={task.pk}#bakgrund"
    assert f"task-progress-{task.pk}" in client.get(response["Location"]).content.decode()
    assert not AccessLog.objects.filter(action="export", object_type="eb_register").exists()
    worker_run_pending()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and (task.done, task.total) == (2, 2) and task.result["rows"] == 4
    # Made in the background, logged per case in the starter's name as the direct download is.
    logged = AccessLog.objects.filter(action="export", object_type="eb_register", channel="task")
    assert set(logged.values_list("case_id", flat=True)) == {month_built["ek"].pk, month_built["lund"].pk}
    assert set(logged.values_list("user_id", flat=True)) == {staff["eb_manager"].pk}
    assert logged.filter(protected_person=True).count() == 1
    assert f'href="/bistand/register/export/{task.pk}/"' in client.get(f"/uppgifter/{task.pk}/").content.decode()
    download = client.get(f"/bistand/register/export/{task.pk}/")
    assert download.status_code == 200 and 'filename="eb-register-2025-05.xlsx"' in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    values = list(load_workbook(io.BytesIO(body)).active.values)
    header = values[0]
    amounts = sorted(int(v[header.index("bistandsbelopp")]) for v in values[1:] if v[header.index("bistandsbelopp")])
    assert len(values) == 5 and amounts[0] == 5000
    assert b"Hemliga" not in body and "Hemliga" not in str(values)
    assert AuditEvent.objects.filter(event_type=EventType.EXPORT_FILE_DOWNLOADED, object_id=str(task.pk),
                                     acting_user_id=staff["eb_manager"].pk).count() == 1
    # Another manager (also allowed to export the register) cannot fetch this user's file.
    from skutan.accounts.services import user_create

    other = user_create(username="eb.chef2", password=None, first_name="A", last_name="B",
                        memberships=[(month_built["ek"].unit, "unit_manager")])
    assert login(other).get(f"/bistand/register/export/{task.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_failed_register_export_shows_failed(login, month_built, staff, monkeypatch):
    from skutan.assistance import register as register_module
    from skutan.core.models import TaskProgress, TaskStatus
    from skutan.core.tasks import worker_run_pending

    def broken(rows, columns=None):
        raise ValueError("SKUTAN_EB_REGISTER_COLUMNS: okända kolumner ['x']")

    monkeypatch.setattr(register_module, "register_csv", broken)
    client = login(staff["eb_manager"])
    client.post("/bistand/register/export/?manad=2025-05", {"format": "csv"})
    worker_run_pending()
    task = TaskProgress.objects.get(kind="assistance.register")
    assert task.status == TaskStatus.FAILED and "okända kolumner" in task.message
    fragment = client.get(f"/uppgifter/{task.pk}/").content.decode()
    assert "Misslyckades" in fragment and "Ladda ner" not in fragment
