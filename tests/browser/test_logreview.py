"""The log reviewer's automated loggkontroll in Chromium: start page, item, closing with a note (axe-checked)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.audit.models import AccessLog
from skutan.logreview.models import LogReviewItem, ReviewStatus
from skutan.logreview.services import logreview_run

pytestmark = pytest.mark.browser


def test_reviewer_sees_items_per_week_and_closes_one(page, live_server, login, assert_accessible, staff,
                                                      protected_person):
    yesterday = timezone.now() - timedelta(days=1)
    AccessLog.objects.create(
        at=yesterday.replace(hour=12), user_id=staff["eb_worker"].pk, username="eb.handlaggare",
        person_id=protected_person.pk, object_type="person", object_id=str(protected_person.pk), action="view",
        purpose="Handläggning", protected_person=True,
    )
    logreview_run()
    item = LogReviewItem.objects.get()

    login(page, live_server, staff["reviewer"])
    page.get_by_role("heading", name="Automatisk loggkontroll").wait_for()
    assert page.get_by_role("table", name="Poster per vecka (efter dagen för läsningen)").is_visible()
    assert_accessible(page, "startsidan med loggkontroll")

    page.get_by_role("link", name="1 poster att granska").click()
    page.get_by_role("heading", name="Automatisk loggkontroll", level=1).wait_for()
    assert_accessible(page, "loggkontrollposter")
    page.get_by_role("link", name=item.day.strftime("%Y-%m-%d")).first.click()
    page.get_by_role("heading", name="Läsning av person med skyddade personuppgifter").wait_for()
    assert protected_person.full_name in page.content()
    assert_accessible(page, "loggkontrollpost")

    page.get_by_label("Vad visade granskningen?").fill("Handläggaren hjälpte en kollega; bekräftat med chefen.")
    page.get_by_role("button", name="Stäng med anteckning").click()
    page.get_by_text("Posten är granskad och stängd.").wait_for()
    item.refresh_from_db()
    assert item.status == ReviewStatus.CLOSED
