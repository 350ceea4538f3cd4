"""Orosanmälningar about a child who was never identified belong to no personakt; gallring plans them on their
own under the five-year rule, counted from the report's last activity, lists them in the dry run as their
own section, purges them on execute and keeps only counts.

Hand-built reports, with the expected outcome:
- "sex år": received six years ago, nothing since            -> purged;
- "fyra år": received four years ago                         -> kept (five years not yet out);
- "återkopplad": received six years ago, feedback 2 years ago -> kept (the last activity counts);
- "identifierad": six years old, but the child was identified -> not in this section (the child's file).
"""

import json
from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from skutan.children.models import ChildReport
from skutan.children.services import child_report_register
from skutan.core.models import PurgeAuthorization
from skutan.retention.services import purge_plan_approve, purge_plan_create, purge_plan_execute
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db


def _report(staff, units, *, when, description, child=None):
    received = timezone.make_aware(datetime.combine(when, time(9, 0)))
    report = child_report_register(
        actor=staff["bou_worker"], unit=units["bou"], received_at=received, reporter_category="school",
        text=f"Oro för {description}.", child=child, child_description="" if child else description,
        concerns=["violence"], reporter_name="Rektor Rut Hemlig", reporter_contact="0590-999 99",
    )
    # an old report looks like this: every date of it is its own day (the report table takes UPDATEs)
    ChildReport.objects.filter(pk=report.pk).update(registered_at=received, protection_due=when,
                                                    preliminary_statutory_due=when, preliminary_due=when)
    return ChildReport.objects.get(pk=report.pk)


@pytest.fixture
def reports(staff, units, build):
    six = _report(staff, units, when=years_ago(6), description="pojke i blå jacka vid busstationen")
    four = _report(staff, units, when=years_ago(4), description="flicka med röd cykel")
    answered = _report(staff, units, when=years_ago(6), description="barn i trappuppgången")
    ChildReport.objects.filter(pk=answered.pk).update(feedback_given_on=years_ago(2))
    child = build.person("Ida", years_ago(10), 701, last="Identifierad")
    identified = _report(staff, units, when=years_ago(6), description="", child=child)
    return {"six": six, "four": four, "answered": answered, "identified": identified}


def test_the_dry_run_lists_them_in_their_own_section(reports, archivists, client):
    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)

    section = plan.summary["reports"]
    assert [r["id"] for r in section["purge"]] == [reports["six"].pk]
    assert section["purge"][0]["rule"] == "personakt_5_ar"
    assert section["planned"] == 1
    assert section["kept"] == {"personakt_5_ar": 2}  # "fyra år" and "återkopplad"
    assert ChildReport.objects.count() == 4  # a dry run purges nothing
    text = json.dumps(section)
    for secret in ("blå jacka", "Rut Hemlig", "0590-999 99"):
        assert secret not in text

    client.force_login(archivists["approver"])
    page = client.get(reverse("retention:plan", kwargs={"purge_plan_id": plan.pk})).content.decode()
    assert "Orosanmälningar där barnet aldrig identifierades" in page
    assert f"<td>{reports['six'].pk}</td>" in page


def test_execute_purges_the_due_report_and_keeps_counts_only(reports, archivists):
    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)
    plan = purge_plan_approve(actor=archivists["approver"], plan=plan, version=plan.version)

    plan = purge_plan_execute(actor=archivists["approver"], plan=plan)

    assert not ChildReport.objects.filter(pk=reports["six"].pk).exists()
    assert set(ChildReport.objects.values_list("pk", flat=True)) == {
        reports["four"].pk, reports["answered"].pk, reports["identified"].pk,
    }
    assert plan.counts["children_childreport"] == 1
    assert plan.counts["children_childreportconcern"] == 1
    section = plan.summary["reports"]
    assert (section["purge"], section["planned"], section["purged"], section["kept_since"]) == ([], 1, 1, 0)
    trace = json.dumps({"summary": plan.summary, "counts": plan.counts}, default=str)
    assert str(reports["six"].pk) not in json.dumps(section["purge"])
    for secret in ("blå jacka", "Rut Hemlig", "busstationen"):
        assert secret not in trace
    # through the controlled path: the database's trace names the plan
    assert PurgeAuthorization.objects.filter(plan_id=plan.code, finished_at__isnull=False).exists()


def test_a_report_identified_after_the_plan_is_kept(reports, archivists, staff, build):
    from skutan.children.services import child_report_link_child

    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)
    plan = purge_plan_approve(actor=archivists["approver"], plan=plan, version=plan.version)
    child = build.person("Pelle", years_ago(9), 703, last="Funnen")
    child_report_link_child(actor=staff["bou_worker"], report=reports["six"], child=child)

    plan = purge_plan_execute(actor=archivists["approver"], plan=plan)

    assert ChildReport.objects.filter(pk=reports["six"].pk).exists()
    assert plan.summary["reports"]["purged"] == 0
    assert plan.summary["reports"]["kept_since"] == 1
