"""Demo data for the automated log review: a few patterns of unusual reading, and the review run over them.

Runs last among the demo extensions (DEMO_EXTENSIONS). The base demo's access log is ordinary office-hours
casework; on top of it this adds, in the last week:

- an EB handläggare who opens many persons' pages within half an hour (many_persons, and outside_units for
  those without an EB case);
- a Barn och unga handläggare who opens an EB client who has no case in Barn och unga (outside_units);
- the EB unit manager opening a person with skyddade personuppgifter whose case they do not handle
  (protected_person);
- a Vuxen handläggare reading a case at 23:40 (night);
- a Barn och unga handläggare who shares the surname of a family in the register (the demo gives them that
  surname) and opens one of its members (possible_relative).

Then ``logreview_run`` reviews the last four weeks, so the log reviewer's start page has items at once.
"""

from datetime import timedelta

from django.urls import reverse

from skutan.accounts.models import UnitKind
from skutan.audit.models import AccessAction, AccessLog
from skutan.demo.context import DemoContext
from skutan.logreview.conf import logreview_settings
from skutan.logreview.services import logreview_run

REVIEW_DAYS = 28


def _read(ctx: DemoContext, *, user, person, when, case=None, outside_units=False, purpose="Handläggning"):
    return AccessLog(
        at=when, user_id=user.pk, username=user.get_username(), person_id=person.pk,
        case_id=case.pk if case else None, object_type="case" if case else "person",
        object_id=str(case.pk if case else person.pk), action=AccessAction.VIEW, purpose=purpose, channel="web",
        path=reverse("cases:detail", kwargs={"case_id": case.pk}) if case
        else reverse("people:detail", kwargs={"person_id": person.pk}),
        protected_person=person.protected_identity, outside_units=outside_units,
    )


def _family(ctx: DemoContext):
    """A household with at least two current members of the same surname, and that surname."""
    for household in ctx.households:
        members = [m.person for m in household.members.select_related("person").filter(left_on__isnull=True)]
        surnames = [p.last_name for p in members]
        for surname in surnames:
            if surname and surnames.count(surname) > 1:
                return surname, [p for p in members if p.last_name == surname]
    return None, []


def generate(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    units_of: dict[int, set[int]] = {}
    for cases in ctx.cases.values():
        for case in cases:
            units_of.setdefault(case.person_id, set()).add(case.unit_id)
    eb_unit, bou_unit = ctx.units[UnitKind.FINANCIAL_ASSISTANCE], ctx.units[UnitKind.CHILDREN]
    rows = []

    # 1. Many persons in a short time.
    curious = ctx.caseworkers(UnitKind.FINANCIAL_ASSISTANCE)[-1]
    wanted = logreview_settings().burst_persons + 5
    persons = rng.sample(ctx.persons, min(wanted, len(ctx.persons)))
    start = ctx.at(today - timedelta(days=2), 13, 5)
    for i, person in enumerate(persons):
        rows.append(_read(ctx, user=curious, person=person, when=start + timedelta(seconds=50 * i),
                          outside_units=eb_unit.pk not in units_of.get(person.pk, set())))

    # 2. Outside the reader's units, no case link.
    bou_worker = ctx.caseworkers(UnitKind.CHILDREN)[0]
    eb_only = [p for p in ctx.persons if units_of.get(p.pk) == {eb_unit.pk}]
    if eb_only:
        rows.append(_read(ctx, user=bou_worker, person=rng.choice(eb_only), outside_units=True,
                          when=ctx.at(today - timedelta(days=3), 10, 15)))

    # 3. A protected person read by someone who does not handle their case.
    manager = ctx.manager(UnitKind.FINANCIAL_ASSISTANCE)
    protected = [p for p in ctx.persons if p.protected_identity]
    if protected:
        person = rng.choice(protected)
        rows.append(_read(ctx, user=manager, person=person, when=ctx.at(today - timedelta(days=1), 11, 20),
                          outside_units=eb_unit.pk not in units_of.get(person.pk, set())))

    # 4. Night.
    adults = ctx.active_cases("adults")
    if adults:
        case = rng.choice(adults)
        reader = ctx.handler_on(case, today) or ctx.caseworkers(UnitKind.ADULTS)[0]
        rows.append(_read(ctx, user=reader, person=case.person, case=case,
                          when=ctx.at(today - timedelta(days=4), 23, 40)))

    # 5. A possible relative: the demo gives a Barn och unga handläggare a family's surname.
    surname, family = _family(ctx)
    relative_reader = ctx.caseworkers(UnitKind.CHILDREN)[-1]
    if family:
        relative_reader.last_name = surname
        relative_reader.save(update_fields=["last_name"])
        person = family[0]
        rows.append(_read(ctx, user=relative_reader, person=person, when=ctx.at(today - timedelta(days=2), 14, 10),
                          outside_units=bou_unit.pk not in units_of.get(person.pk, set())))

    AccessLog.objects.bulk_create(rows)
    ctx.audit_bulk(what="access_log_review_patterns", count=len(rows))
    result = logreview_run(since=today - timedelta(days=REVIEW_DAYS - 1), until=today, actor=ctx.admin)
    ctx.say(f"  loggkontroll: {result.created} poster ({', '.join(f'{k} {n}' for k, n in sorted(result.by_kind.items()))})")
