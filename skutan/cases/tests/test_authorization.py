"""Need-to-know between units (OSL 26 kap. 1 §) and protected personal data, through web and API."""

import pytest

from skutan.audit.models import AccessLog
from skutan.core.tests.fixtures import STREET

BANNER = "Skyddade personuppgifter"


def test_other_units_case_is_404_on_web_and_api(login, api, staff, bou_case, eb_case):
    web = login(staff["eb_worker"])
    for url in (f"/arenden/{bou_case.pk}/", f"/arenden/{bou_case.pk}/fordela/",
                f"/arenden/{bou_case.pk}/journal/0/ratta/"):
        assert web.get(url).status_code == 404, url
    for url in (f"/arenden/{bou_case.pk}/journal/", f"/arenden/{bou_case.pk}/avsluta/"):
        assert web.post(url, {"text": "x", "event_date": "2026-01-01", "reason": "x", "version": 1}).status_code == 404
    client = api(staff["eb_worker"])
    for path in (f"/cases/{bou_case.pk}", f"/cases/{bou_case.pk}/events", f"/cases/{bou_case.pk}/journal-entries"):
        assert client.get(path).status_code == 404, path
    assert not AccessLog.objects.filter(case_id=bou_case.pk).exists()
    # and the same user reads the own unit's case
    assert web.get(f"/arenden/{eb_case.pk}/").status_code == 200


def test_person_overview_lists_visible_cases_and_hidden_count(login, staff, person, eb_case, bou_case):
    html = login(staff["eb_worker"]).get(f"/personer/{person.pk}/").content.decode()
    assert eb_case.reference in html
    assert bou_case.reference not in html
    assert "Barn och unga" not in html  # not even the other unit's name
    assert "Personen har 1 aktiva ärenden hos andra enheter." in html
    html = login(staff["reviewer"]).get(f"/personer/{person.pk}/").content.decode()
    assert "Inga aktiva ärenden som du har behörighet till." in html
    assert "Personen har 2 aktiva ärenden hos andra enheter." in html


def test_reads_outside_units_are_flagged(login, staff, person, eb_case):
    login(staff["bou_worker"]).get(f"/personer/{person.pk}/")
    login(staff["eb_worker"]).get(f"/personer/{person.pk}/")
    # the page's read of the person (the "another unit has contact" line is a read of its own, also flagged)
    assert AccessLog.objects.get(user_id=staff["bou_worker"].pk, object_type="person").outside_units
    assert AccessLog.objects.get(user_id=staff["bou_worker"].pk, object_type="person_other_units").outside_units
    assert not AccessLog.objects.get(user_id=staff["eb_worker"].pk, object_type="person").outside_units


@pytest.fixture
def protected_pages(protected_case, protected_person):
    return {
        "person page": f"/personer/{protected_person.pk}/",
        "case page": f"/arenden/{protected_case.pk}/",
        "search results": "/personer/?q=Skyddad",
        "search fragment": "/personer/?q=Skyddad",
        "edit page": f"/personer/{protected_person.pk}/andra/",
        "open case page": f"/arenden/ny/{protected_person.pk}/",
        "allocation page": f"/arenden/{protected_case.pk}/fordela/",
    }


def test_protected_address_never_in_html_without_the_right(login, staff, protected_pages, protected_person):
    client = login(staff["eb_manager"])
    for name, url in protected_pages.items():
        headers = {"HTTP_HX_REQUEST": "true"} if name == "search fragment" else {}
        response = client.get(url, **headers)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert STREET not in html, name
        assert "68231" not in html, name
        assert BANNER in html, name
    assert AccessLog.objects.filter(person_id=protected_person.pk, protected_person=False).count() == 0
    assert AccessLog.objects.filter(person_id=protected_person.pk).count() >= len(protected_pages)


def test_protected_address_shown_with_the_right_still_with_banner(login, protected_viewer, protected_pages):
    client = login(protected_viewer)
    for name in ("person page", "case page"):
        html = client.get(protected_pages[name]).content.decode()
        assert STREET in html and BANNER in html, name


def test_protected_address_never_in_api_output_without_the_right(api, staff, protected_person, protected_case):
    client = api(staff["eb_worker"])
    for path in (f"/persons/{protected_person.pk}", "/persons?q=Skyddad", f"/cases/{protected_case.pk}",
                 f"/cases/{protected_case.pk}/events", f"/cases/{protected_case.pk}/journal-entries"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert STREET not in response.content.decode(), path
    assert client.get(f"/persons/{protected_person.pk}").json()["protected_identity"] is True
    assert AccessLog.objects.filter(person_id=protected_person.pk, protected_person=True).count() == 6  # 5 + 1
