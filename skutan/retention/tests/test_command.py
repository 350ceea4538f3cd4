"""The gallring command: plan prints a dry run; execute refuses an unapproved plan and purges an approved one."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from skutan.people.models import Person
from skutan.retention.models import PurgePlan
from skutan.retention.services import purge_plan_approve
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db


def test_plan_then_execute_after_approval(build, archivists, capsys):
    person = build.person("Sixten", date(1970, 3, 2), 111)
    build.case(person, unit="eb", when=years_ago(6))
    out = StringIO()

    call_command("gallring", "plan", "--year", str(timezone.localdate().year), "--user", "arkiv.planerare", stdout=out)
    plan = PurgePlan.objects.get()
    assert "gallras 1, bevaras 0" in out.getvalue()
    assert "Sixten" not in out.getvalue()
    assert Person.objects.filter(pk=person.pk).exists()

    with pytest.raises(CommandError, match="inte godkänd"):
        call_command("gallring", "execute", "--plan", str(plan.pk), "--user", "arkiv.godkannare", stdout=StringIO())

    purge_plan_approve(actor=archivists["approver"], plan=plan, version=plan.version)
    out = StringIO()
    call_command("gallring", "execute", "--plan", str(plan.pk), "--user", "arkiv.godkannare", "--here", stdout=out)
    assert "Genomförd" in out.getvalue()
    assert "1/1" in capsys.readouterr().err  # the progress bar
    assert not Person.objects.filter(pk=person.pk).exists()


def test_bad_input_is_refused_with_a_message(archivists, staff):
    with pytest.raises(CommandError, match="Gallringsåret"):
        call_command("gallring", "plan", "--year", "1850", "--user", "arkiv.planerare", stdout=StringIO())
    with pytest.raises(CommandError, match="Bara arkivansvarig"):
        call_command("gallring", "plan", "--year", "2026", "--user", "eb.chef", stdout=StringIO())
    with pytest.raises(CommandError, match="Okänd"):
        call_command("gallring", "plan", "--year", "2026", "--user", "ingen", stdout=StringIO())
    with pytest.raises(CommandError, match="finns inte"):
        call_command("gallring", "execute", "--plan", "999", "--user", "arkiv.planerare", stdout=StringIO())
