"""Defaults and rules of the staff app. None of the numbers comes from law: each is a municipal setting,
shipped as a labelled example to be replaced ("exempelvärde"), never a hidden constant."""

from decimal import Decimal

from django.conf import settings

DEFAULT_MARKER_KINDS = [  # (code, label, requires a companion on visits)
    ("threat_to_staff", "Hot mot personal", True),
    ("violence_history", "Våld tidigare", True),
    ("dog", "Hund", False),
    ("always_two", "Besök alltid två", True),
    ("other", "Övrigt", False),
]

# Example weights by case type and phase (the case's status) — exempelvärden, set your own in the table.
DEFAULT_WEIGHTS = {
    "children": {"opened": "1.0", "assessment": "1.5", "investigation": "3.0", "decided": "2.0",
                 "intervention": "2.0", "follow_up": "1.0"},
    "financial_assistance": {"opened": "2.0", "assessment": "1.5", "investigation": "1.5", "decided": "1.0",
                             "intervention": "1.0", "follow_up": "0.5"},
    "adults": {"opened": "1.0", "assessment": "1.5", "investigation": "2.5", "decided": "2.0",
               "intervention": "2.0", "follow_up": "1.0"},
}

# Who may be the responsible caseworker in a child investigation (⚠ DOMAIN.md gives no source: the rule is
# data, marked unconfirmed; the reference below is the old SoL's competence requirement as the municipality
# must confirm it).
CHILD_INVESTIGATOR_RULE = {
    "degrees": ("socionom", "other_relevant"),
    "dispensation_allowed": True,
    "source": "Socialtjänstlagen (2001:453) 3 kap. 3 a § – behörighetskrav för handläggning inom barn och unga",
    "confirmed": False,
}


def visit_grace_minutes() -> int:
    return int(getattr(settings, "SKUTAN_VISIT_GRACE_MINUTES", 15))


def default_capacity() -> Decimal:
    """Weighted cases one social worker can carry (⚠ exempelvärde, per person in StaffProfile.capacity)."""
    return Decimal(str(getattr(settings, "SKUTAN_DEFAULT_CASE_CAPACITY", "30")))


def dispensation_warning_days() -> int:
    return int(getattr(settings, "SKUTAN_DISPENSATION_WARNING_DAYS", 60))


def seed_marker_kinds(kind_model) -> None:
    """Create the starting marker kinds that are missing (idempotent; takes the model for migrations)."""
    for i, (code, label, companion) in enumerate(DEFAULT_MARKER_KINDS):
        kind_model.objects.get_or_create(code=code, defaults={"label": label, "requires_companion": companion,
                                                              "sort_order": i})
