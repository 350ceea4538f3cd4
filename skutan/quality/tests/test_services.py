"""Services of skutan/quality: reporting, the Lex Sarah chain, measures and risk analyses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.quality import services
from skutan.quality.models import Deviation, DeviationStatus, LexSarahMatter, LexSarahStep, Risk
from skutan.quality.selectors import lex_sarah_elapsed

pytestmark = pytest.mark.django_db


def _report(staff, units, **overrides):
    kwargs = dict(actor=staff["eb_worker"], occurred_on=timezone.localdate(), unit=units["eb"],
                  category="case_handling", description="Ansökan blev liggande.")
    kwargs.update(overrides)
    return services.deviation_report(**kwargs)


def test_deviation_report_saves_the_report_with_its_audit_row(staff, units, eb_case, categories):
    deviation = _report(staff, units, case=eb_case, immediate_action="Registrerad samma dag.")
    assert deviation.status == DeviationStatus.REPORTED and deviation.reported_at is not None
    assert deviation.category.code == "case_handling" and deviation.case == eb_case
    event = AuditEvent.objects.get(event_type=EventType.DEVIATION_REPORTED)
    assert event.object_id == str(deviation.pk) and event.case_id == eb_case.pk


@pytest.mark.parametrize(("overrides", "field"), [
    ({"occurred_on": None}, "occurred_on"),
    ({"category": "no_such_code"}, "category"),
    ({"category": ""}, "category"),
    ({"description": "   "}, "description"),
    ({"description": "nul\x00byte"}, "description"),
    ({"description": "ensam \ud800 surrogat"}, "description"),
    ({"description": "x" * 20_001}, "description"),
])
def test_deviation_report_refuses_bad_input_and_saves_nothing(staff, units, categories, overrides, field):
    with pytest.raises(ApplicationError) as exc:
        _report(staff, units, **overrides)
    assert exc.value.field == field
    assert not Deviation.objects.exists()


def test_a_future_date_is_refused(staff, units, categories):
    with pytest.raises(ApplicationError) as exc:
        _report(staff, units, occurred_on=timezone.localdate() + timedelta(days=1))
    assert exc.value.field == "occurred_on" and "framtiden" in exc.value.message


def test_an_inactive_category_cannot_be_used(staff, units, officer):
    from skutan.quality.models import DeviationCategory

    services.deviation_category_set_active(actor=officer, category=DeviationCategory.objects.get(code="other"),
                                           active=False)
    with pytest.raises(ApplicationError):
        _report(staff, units, category="other")


def test_autosaved_draft_becomes_the_report(staff, units, categories):
    draft = services.deviation_draft_save(actor=staff["eb_worker"], draft=None,
                                          data={"unit": units["eb"], "category": "documentation",
                                                "description": "Påbörjad"})
    assert draft.status == DeviationStatus.DRAFT
    services.deviation_draft_save(actor=staff["eb_worker"], draft=draft,
                                  data={"unit": units["eb"], "description": "Påbörjad text, mer"})
    draft.refresh_from_db()
    assert draft.description == "Påbörjad text, mer"
    report = _report(staff, units, draft=draft, description="Klar text")
    assert report.pk == draft.pk and report.status == DeviationStatus.REPORTED
    assert Deviation.objects.count() == 1
    with pytest.raises(ConflictError):  # a reported deviation is never changed through the draft path
        services.deviation_draft_save(actor=staff["eb_worker"], draft=report, data={"description": "ändrad"})


def test_only_the_quality_role_classifies_as_lex_sarah(deviation, staff, officer):
    with pytest.raises(AccessDeniedError):
        services.lex_sarah_classify(actor=staff["eb_manager"], deviation=deviation, assessment="Allvarligt")
    matter = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk för missförhållande")
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.LEX_SARAH and matter.step == LexSarahStep.REPORTED
    with pytest.raises(ConflictError):
        services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Igen")


def test_staff_can_report_lex_sarah_directly_without_naming_a_classifier(staff, units, categories):
    deviation = _report(staff, units, as_lex_sarah=True)
    matter = LexSarahMatter.objects.get(deviation=deviation)
    assert matter.reported_directly and matter.classified_by is None


def test_the_lex_sarah_chain_in_order(deviation, officer):
    matter = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk")
    with pytest.raises(ApplicationError) as exc:  # no decision before the investigation
        services.lex_sarah_decide_seriousness(actor=officer, matter=matter, serious=True, reasons="x",
                                              version=matter.version)
    assert exc.value.field == "serious"
    with pytest.raises(ApplicationError):  # the investigation cannot finish before the first assessment
        services.lex_sarah_investigate(actor=officer, matter=matter, what_happened="a", causes="b",
                                       measures_summary="c", informed="d", complete=True, version=matter.version)
    matter = services.lex_sarah_first_assessment(actor=officer, matter=matter, first_assessment="Påtaglig risk",
                                                 immediate_remedy="Genomgång", version=matter.version)
    with pytest.raises(ApplicationError) as exc:  # a finished investigation needs every part
        services.lex_sarah_investigate(actor=officer, matter=matter, what_happened="a", causes="",
                                       measures_summary="c", informed="d", complete=True, version=matter.version)
    assert exc.value.field == "causes"
    matter = services.lex_sarah_investigate(actor=officer, matter=matter, what_happened="Posten blev liggande",
                                            causes="Ingen ersättare", measures_summary="Ny rutin",
                                            informed="Den enskilde", complete=True, version=matter.version)
    assert matter.step == LexSarahStep.INVESTIGATED
    measure = services.measure_add(actor=officer, matter=matter, owner=officer, description="Ny rutin",
                                   due_on=timezone.localdate() + timedelta(days=10))
    matter = services.lex_sarah_decide_seriousness(actor=officer, matter=matter, serious=True,
                                                   reasons="Allvarligt", version=matter.version)
    with pytest.raises(ApplicationError):  # serious: not closed before the anmälan to IVO
        services.lex_sarah_close(actor=officer, matter=matter, version=matter.version)
    matter = services.lex_sarah_ivo_sent(actor=officer, matter=matter, sent_on=timezone.localdate(),
                                         reference="IVO 1", version=matter.version)
    assert matter.step == LexSarahStep.REPORTED_TO_IVO
    with pytest.raises(ApplicationError) as exc:  # measures are followed up to completion first
        services.lex_sarah_close(actor=officer, matter=matter, version=matter.version)
    assert exc.value.field == "measures"
    services.measure_complete(actor=officer, measure=measure, done_on=timezone.localdate(), note="Infört")
    matter = services.lex_sarah_close(actor=officer, matter=matter, version=matter.version)
    assert matter.step == LexSarahStep.CLOSED
    assert Deviation.objects.get(pk=deviation.pk).status == DeviationStatus.CLOSED


def test_not_serious_is_never_sent_to_ivo(deviation, officer):
    matter = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk")
    matter = services.lex_sarah_first_assessment(actor=officer, matter=matter, first_assessment="a",
                                                 immediate_remedy="", version=matter.version)
    matter = services.lex_sarah_investigate(actor=officer, matter=matter, what_happened="a", causes="b",
                                            measures_summary="c", informed="d", complete=True, version=matter.version)
    matter = services.lex_sarah_decide_seriousness(actor=officer, matter=matter, serious=False, reasons="Lindrigt",
                                                   version=matter.version)
    with pytest.raises(ApplicationError):
        services.lex_sarah_ivo_sent(actor=officer, matter=matter, sent_on=timezone.localdate(), reference="",
                                    version=matter.version)
    steps = [s.step for s in lex_sarah_elapsed(matter=matter)]
    assert LexSarahStep.REPORTED_TO_IVO not in steps
    assert services.lex_sarah_close(actor=officer, matter=matter, version=matter.version).closed_at


def test_a_stale_version_is_refused(deviation, officer):
    matter = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk")
    read_version = matter.version  # two quality officers opened the page at once
    services.lex_sarah_first_assessment(actor=officer, matter=matter, first_assessment="a", immediate_remedy="",
                                        version=read_version)
    with pytest.raises(ConflictError):
        services.lex_sarah_first_assessment(actor=officer, matter=matter, first_assessment="b", immediate_remedy="",
                                            version=read_version)
    matter.refresh_from_db()
    assert matter.first_assessment == "a"


def test_elapsed_days_against_the_municipalitys_own_targets(deviation, officer):
    """Reported 20 days ago, first assessment after 3 days (target 2), investigation still open (target 30)."""
    now = timezone.now()
    Deviation.objects.filter(pk=deviation.pk).update(reported_at=now - timedelta(days=20))
    deviation.refresh_from_db()
    services.quality_target_set(actor=officer, step=LexSarahStep.FIRST_ASSESSMENT, days=2)
    services.quality_target_set(actor=officer, step=LexSarahStep.INVESTIGATED, days=30)
    matter = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk")
    LexSarahMatter.objects.filter(pk=matter.pk).update(first_assessed_at=now - timedelta(days=17))
    matter.refresh_from_db()
    by_step = {s.step: s for s in lex_sarah_elapsed(matter=matter, today=timezone.localdate())}
    first = by_step[LexSarahStep.FIRST_ASSESSMENT]
    assert (first.days, first.target_days, first.over_target) == (3, 2, True)
    investigated = by_step[LexSarahStep.INVESTIGATED]
    assert investigated.reached_on is None and investigated.days == 20 and not investigated.over_target
    assert by_step[LexSarahStep.SERIOUSNESS_DECIDED].target_days is None


def test_targets_are_set_by_the_quality_role_only(staff, officer):
    with pytest.raises(AccessDeniedError):
        services.quality_target_set(actor=staff["eb_manager"], step=LexSarahStep.INVESTIGATED, days=30)
    with pytest.raises(ApplicationError):
        services.quality_target_set(actor=officer, step=LexSarahStep.INVESTIGATED, days=400)


def test_risk_analysis_grades_review_and_copy(staff, units, officer):
    analysis = services.risk_analysis_create(actor=staff["eb_manager"], unit=units["eb"],
                                             process="Utbetalning till rätt konto")
    with pytest.raises(ApplicationError) as exc:
        services.risk_add(actor=staff["eb_manager"], analysis=analysis, description="Fel konto", probability=5,
                          consequence=2)
    assert exc.value.field == "probability"
    services.risk_add(actor=staff["eb_manager"], analysis=analysis, description="Fel konto", probability=2,
                      consequence=4)
    day = timezone.localdate() - timedelta(days=1)
    analysis = services.risk_analysis_review(actor=staff["eb_manager"], analysis=analysis, reviewed_on=day,
                                             version=analysis.version)
    assert analysis.reviewed_on == day and analysis.next_review_on.year == day.year + 1
    copy = services.risk_analysis_copy(actor=officer, analysis=analysis, unit=units["bou"])
    assert copy.unit == units["bou"] and copy.copied_from == analysis
    assert list(Risk.objects.filter(analysis=copy).values_list("description", "probability", "consequence")) == [
        ("Fel konto", 2, 4)]


def test_a_caseworker_cannot_write_another_units_risk_analysis(staff, units):
    with pytest.raises(AccessDeniedError):
        services.risk_analysis_create(actor=staff["eb_worker"], unit=units["eb"], process="x")
    with pytest.raises(AccessDeniedError):
        services.risk_analysis_create(actor=staff["eb_manager"], unit=units["bou"], process="x")


def test_measure_is_completed_by_its_owner_only(deviation, officer, staff):
    matter = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk")
    measure = services.measure_add(actor=officer, matter=matter, owner=officer, description="Utbildning",
                                   due_on=timezone.localdate())
    with pytest.raises(AccessDeniedError):
        services.measure_complete(actor=staff["eb_worker"], measure=measure, done_on=timezone.localdate(), note="")
    with pytest.raises(ApplicationError):
        services.measure_complete(actor=officer, measure=measure, done_on=timezone.localdate() + timedelta(days=1),
                                  note="")
