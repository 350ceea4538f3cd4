"""The proposals of a month's renewals read their rows as plain tuples, thousands at once; each must equal the
proposal of the same application read on its own through its relations (the original path)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from skutan.assistance import selectors
from skutan.assistance.models import (
    Application,
    ApplicationCost,
    ApplicationIncome,
    ApplicationMember,
    ApplicationStatus,
    Decision,
)
from skutan.cases.models import Case
from skutan.people.models import Person

MAY, JUNE = date(2025, 5, 1), date(2025, 6, 1)


def _seeded_renewals(staff, units, count: int, seed: int = 11) -> list[Application]:
    """``count`` cases with May decided and June drafted: random households (members with and without lunch at
    home, costs with descriptions, incomes tied to a member), rows stored out of position order."""
    rng = random.Random(seed)
    drafts = []
    for i in range(count):
        person = Person.objects.create(identity_number=f"19750101-{2000 + i}", first_name="Förnyad",
                                       last_name=f"Hushåll {i}", birth_date=date(1975, 1, 1), synthetic=True)
        case = Case.objects.create(reference=f"PR-{i}", person=person, case_type="financial_assistance",
                                   unit=units["eb"], status="decided", opening_kind="application", opened_on=MAY)
        may = Application.objects.create(case=case, month=MAY, status=ApplicationStatus.DECIDED,
                                         created_by=staff["eb_worker"])
        granted = Decimal(rng.randint(2000, 9000))
        Decision.objects.create(case=case, application=may, month=MAY, outcome="granted", amount=granted,
                                payee=person, decided_by=staff["eb_manager"],
                                decided_at=timezone.now() - timedelta(days=20), reasons="Styrkt.", legal_basis="SoL",
                                calculation={"assistance": str(granted)}, inputs={})
        june = Application.objects.create(case=case, month=JUNE, status=ApplicationStatus.DRAFT, previous=may,
                                          created_by=staff["eb_worker"], cohabiting=i % 3 == 0,
                                          consecutive_months_on_assistance=rng.randint(0, 12),
                                          job_stimulus_months_used=rng.randint(0, 3))
        adults = 2 if i % 3 == 0 else 1
        children = rng.randint(0, 3)
        keys = [f"a{n}" for n in range(adults)] + [f"c{n}" for n in range(children)]
        positions = list(range(len(keys)))
        rng.shuffle(positions)
        for key, position in zip(keys, positions, strict=True):
            child = key.startswith("c")
            ApplicationMember.objects.create(
                application=june, member_key=key, role="child" if child else "adult", position=position,
                birth_date=date(2015 + rng.randint(0, 8), 3, 1) if child else date(1970 + rng.randint(0, 30), 6, 1),
                lunch_at_home=True if child else None,
            )
        for position in rng.sample(range(4), rng.randint(0, 3)):
            cost_type = rng.choice(["rent", "household_electricity", "other"])
            ApplicationCost.objects.create(application=june, type=cost_type,
                                           amount=Decimal(rng.randint(100, 9000)) + Decimal("0.50") * (position % 2),
                                           description="Glasögon" if cost_type == "other" else rng.choice(["", "Avi maj"]),
                                           position=position)
        for position in rng.sample(range(3), rng.randint(0, 2)):
            income_type = rng.choice(["salary", "child_allowance"])
            ApplicationIncome.objects.create(application=june, type=income_type,
                                             amount=Decimal(rng.randint(500, 15000)), position=position,
                                             member_key=keys[0] if income_type == "salary" else "")
        drafts.append(june)
    return [Application.objects.get(pk=a.pk) for a in drafts] + [Application.objects.get(month=MAY, case=drafts[0].case)]


def test_batch_proposals_equal_the_proposals_made_one_by_one(staff, units):
    applications = _seeded_renewals(staff, units, 25)
    together = [p.to_dict() for p in selectors.application_proposals(applications=applications)]
    one_by_one = [selectors.application_proposal(application=Application.objects.get(pk=a.pk)).to_dict()
                  for a in applications]
    for proposal in together + one_by_one:
        proposal.pop("elapsed_ms")
    assert together == one_by_one
    assert all(p["error"] is None for p in together), {p["error"] for p in together}
    assert len({p["amount"] for p in together}) > 10  # the households differ
    assert {p["outcome"] for p in together[:-1]} >= {"granted"}
