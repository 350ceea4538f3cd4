"""The starting category list (issue 13). Codes are stable identifiers; the list is administered afterwards."""

DEFAULT_CATEGORIES = [
    ("documentation", "Dokumentation"),
    ("case_handling", "Handläggning"),
    ("confidentiality", "Sekretess och integritet"),
    ("conduct", "Bemötande"),
    ("threat_violence", "Hot och våld"),
    ("it_fault", "IT-fel"),
    ("deadline_missed", "Missad tidsfrist"),
    ("other", "Övrigt"),
]


def seed_categories(category_model) -> None:
    """Create the starting categories that are missing (idempotent; takes the model so migrations can use it)."""
    for i, (code, label) in enumerate(DEFAULT_CATEGORIES):
        category_model.objects.get_or_create(code=code, defaults={"label": label, "sort_order": i})
