"""Dates ÅÅÅÅ-MM-DD everywhere, and date inputs that read typed Swedish dates (issue 17 part 10)."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from skutan.cases.forms import JournalForm
from skutan.core.dates import date_from_input, parse_swedish_date
from skutan.core.forms import DateField, DateInput

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(("typed", "expected"), [
    ("2026-12-02", date(2026, 12, 2)),
    ("20261202", date(2026, 12, 2)),
    ("261202", date(2026, 12, 2)),
    ("26-12-02", date(2026, 12, 2)),
    ("2026/12/02", date(2026, 12, 2)),
    ("2026.12.2", date(2026, 12, 2)),
    (" 2026-12-02 ", date(2026, 12, 2)),
    ("990101", date(1999, 1, 1)),  # more than 20 years ahead: the last century
    ("460101", date(2046, 1, 1)),
    ("2025-02-29", None),  # not a day
    ("2026-13-01", None),
    ("12/02/2026", None),  # the American order is not guessed at
    ("igår", None),
    ("", None),
])
def test_typed_swedish_dates(typed, expected):
    assert parse_swedish_date(typed, today=TODAY) == expected


def test_date_from_input_refuses_what_is_no_date():
    assert date_from_input("20250301") == date(2025, 3, 1)
    with pytest.raises(ValueError):
        date_from_input("2025-02-30")


def test_the_widget_is_text_in_swedish_format_whatever_the_browser():
    html = DateInput().render("d", date(2025, 3, 1))
    assert 'type="text"' in html and 'value="2025-03-01"' in html
    assert 'placeholder="ÅÅÅÅ-MM-DD"' in html and 'inputmode="numeric"' in html
    assert DateInput().value_from_datadict({"d": "250301"}, {}, "d") == "2025-03-01"
    assert DateInput().value_from_datadict({"d": "nonsense"}, {}, "d") == "nonsense"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_form_reads_typed_dates_in_either_language(language):
    with translation.override(language):
        form = JournalForm({"event_date": "250301", "text": "Samtal"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["event_date"] == date(2025, 3, 1)
        assert not JournalForm({"event_date": "03/01/2025", "text": "Samtal"}).is_valid()


def test_the_shared_date_field_says_how_to_write_the_date():
    field = DateField()
    assert field.clean("20250301") == date(2025, 3, 1)
    with pytest.raises(Exception, match="ÅÅÅÅ-MM-DD"):
        field.clean("1 mars")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_date_filter_shows_iso_dates_in_either_language(language):
    template = Template("{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ t|date:'DATETIME_FORMAT' }}|{{ d }}")
    with translation.override(language):
        out = template.render(Context({"d": date(2025, 3, 1), "t": datetime(2025, 3, 1, 9, 5)}))
    assert out == "2025-03-01|2025-03-01|2025-03-01 09:05|2025-03-01"



def test_every_date_input_in_the_templates_is_a_text_field():
    """<input type="date"> shows the browser's locale format; the templates use text fields read by
    skutan.core.dates."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html") if 'type="date"' in p.read_text()]
    assert offenders == []
