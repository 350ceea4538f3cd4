"""An uploaded document (a handling in Django storage) goes from the storage too when its person is purged,
once the purge is committed; a purge that rolls back keeps the file."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skutan.cases.models import Document
from skutan.cases.services import case_close
from skutan.cases.services_documents import document_register
from skutan.people.models import Person
from skutan.retention import services
from skutan.retention.services import purge_plan_approve, purge_plan_create, purge_plan_execute

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def with_document(build, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = build.person("Doris", date(1975, 7, 8), 601, last="Dokument")
    case = build.case(person, unit="eb", when=timezone.localdate(), closed=False)
    document = document_register(
        actor=staff["eb_worker"], case=case, upload=SimpleUploadedFile("hyresavi.pdf", PDF, "application/pdf"),
        kind="lease", title="Hyresavi", received_on=timezone.localdate(),
    )
    case.refresh_from_db()
    case_close(actor=staff["eb_worker"], case=case, reason="Avslutat", expected_version=case.version)
    path = tmp_path / document.file.name
    assert path.read_bytes() == PDF
    return person, path


def _approved(archivists, year):
    plan = purge_plan_create(actor=archivists["planner"], year=year)
    return purge_plan_approve(actor=archivists["approver"], plan=plan, version=plan.version)


def test_the_documents_file_is_deleted_from_storage_with_its_person(
    with_document, archivists, later, django_capture_on_commit_callbacks
):
    person, path = with_document
    plan = _approved(archivists, later.year)
    with django_capture_on_commit_callbacks(execute=True):
        plan = purge_plan_execute(actor=archivists["approver"], plan=plan)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert plan.counts["cases_document"] == 1
    assert not Document.objects.exists()
    assert not path.exists()


def test_a_rolled_back_purge_keeps_the_file(
    with_document, archivists, later, monkeypatch, django_capture_on_commit_callbacks
):
    person, path = with_document
    plan = _approved(archivists, later.year)
    real = services.holdings_delete

    def fail(holdings):
        real(holdings)
        raise RuntimeError("strömavbrott")

    monkeypatch.setattr(services, "holdings_delete", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        purge_plan_execute(actor=archivists["approver"], plan=plan)

    assert Person.objects.filter(pk=person.pk).exists()
    assert path.read_bytes() == PDF
