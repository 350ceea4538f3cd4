"""The IVO anmälan PDF, read back: the investigation is in it, no address ever is, and printing is logged."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skutan.audit.models import AccessLog
from skutan.core.tests.fixtures import STREET, protected_case  # noqa: F401 (fixture)
from skutan.quality import services

pytestmark = pytest.mark.django_db


def _serious_matter(officer, deviation):
    m = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Påtaglig risk")
    m = services.lex_sarah_first_assessment(actor=officer, matter=m, first_assessment="Rutinen brast",
                                            immediate_remedy="Genomgång av akterna", version=m.version)
    m = services.lex_sarah_investigate(actor=officer, matter=m, what_happened="Anteckningar försvann vid sparning",
                                       causes="Systemet sparade inte utkast", measures_summary="Ny version av systemet",
                                       informed="Den enskilde och nämnden", complete=True, version=m.version)
    return services.lex_sarah_decide_seriousness(actor=officer, matter=m, serious=True,
                                                 reasons="Dokumentationen gick förlorad", version=m.version)


def test_ivo_pdf_carries_the_investigation_and_no_protected_address(login, officer, staff, units, protected_case):  # noqa: F811
    deviation = services.deviation_report(
        actor=staff["eb_worker"], occurred_on=timezone.localdate() - timedelta(days=2), unit=units["eb"],
        category="documentation", description="Journalanteckningar har försvunnit.", case=protected_case)
    matter = _serious_matter(officer, deviation)
    before = AccessLog.objects.count()
    response = login(officer).get(f"/kvalitet/lex-sarah/{matter.pk}/anmalan-ivo.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Anmälan enligt lex Sarah", "Systemet sparade inte utkast", "Ny version av systemet",
                     "Den enskilde och nämnden", protected_case.reference):
        assert expected in text
    assert STREET not in text and "68231" not in text
    printed = AccessLog.objects.order_by("id")[before:]
    assert any(r.action == "print" and r.person_id == protected_case.person_id for r in printed)


def test_ivo_pdf_is_not_for_the_caseworker(login, officer, deviation, staff):
    matter = _serious_matter(officer, deviation)
    assert login(staff["eb_worker"]).get(f"/kvalitet/lex-sarah/{matter.pk}/anmalan-ivo.pdf").status_code == 404
