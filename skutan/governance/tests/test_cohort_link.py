"""Issue 16 part 5: an agenda item or an assignment links to a cohort programme and shows its current figure."""

from datetime import date

from skutan.followup.services import cohort_freeze, cohort_programme_create
from skutan.governance import services
from skutan.governance.selectors import fact_choices, fact_text


def test_an_item_links_a_cohort_programme_and_the_minutes_show_its_figure(login, meeting, leadership):
    director = leadership["director"]
    programme = cohort_programme_create(actor=director, name="Projekt 200", starts_on=date(2025, 1, 1), goal_share=90,
                                        goal_text="90 % till egen försörjning", rule_months=24, rule_window=24)
    assert (f"cohort_programme:{programme.pk}", "Kohortprogram: Projekt 200") in fact_choices(user=director)
    # Not frozen yet: no figures.
    assert fact_text(kind="cohort_programme", ref=str(programme.pk), user=director) == "Projekt 200: inga siffror ännu."
    cohort_freeze(actor=director, programme=programme)
    item, _ = services.agenda_item_propose(actor=leadership["controller"], meeting=meeting, title="Projekt 200",
                                           fact_kind="cohort_programme", fact_ref=str(programme.pk))
    text = fact_text(kind="cohort_programme", ref=item.fact_ref, user=director)
    assert text.startswith("Projekt 200: ") and "till egen försörjning vid månad" in text and "(mål 90 %)" in text
    html = login(director).get(f"/ledning/moten/{meeting.pk}/").content.decode()
    assert "till egen försörjning vid månad" in html


def test_an_assignment_links_a_cohort_programme(meeting, leadership):
    director = leadership["director"]
    programme = cohort_programme_create(actor=director, name="Projekt 200", starts_on=date(2025, 1, 1), goal_share=90,
                                        goal_text="90 %", rule_months=24, rule_window=24)
    assignment = services.assignment_create(actor=director, title="Följ upp Projekt 200", owner=leadership["secretary"],
                                            due_on=date(2026, 12, 15), fact_kind="cohort_programme",
                                            fact_ref=str(programme.pk))[0]
    assert assignment.fact_kind == "cohort_programme" and assignment.fact_ref == str(programme.pk)
