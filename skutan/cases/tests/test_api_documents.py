"""The documents API: list, upload (the web form's checks), metadata and content, each read access-logged as
on the web, 404 outside the user's units, 403 for a reader without write rights, nothing stored on refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skutan.audit.models import AccessLog, AuditEvent
from skutan.cases.models import Document
from skutan.cases.services_documents import document_register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def bearer(token_for):
    return lambda user: {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}


def _upload(client, headers, case, **fields):
    data = {"file": SimpleUploadedFile("lonespec.png", PNG, content_type="application/pdf"), "kind": "salary",
            "title": "Lönespecifikation november", "received_on": timezone.localdate().isoformat()}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/api/v1/cases/{case.pk}/documents", data, **headers)


def _document(staff, case, content=PDF):
    return document_register(actor=staff["eb_worker"], case=case, upload=SimpleUploadedFile("a.pdf", content),
                             kind="lease", title="Hyresavi", received_on=timezone.localdate())


def test_upload_stores_the_document_with_type_from_content(client, bearer, staff, eb_case, media):
    response = _upload(client, bearer(staff["eb_worker"]), eb_case)
    assert response.status_code == 201, response.content
    body = response.json()
    doc = Document.objects.get()
    assert body["id"] == doc.pk and body["content_type"] == "image/png"  # not the browser's claim
    assert (body["direction"], body["kind"], body["title"]) == ("incoming", "salary", "Lönespecifikation november")
    assert body["received_on"] == timezone.localdate().isoformat() and body["registered_by"] == "eb.handlaggare"
    assert (media / doc.file.name).read_bytes() == PNG
    assert AuditEvent.objects.filter(event_type=350, case_id=eb_case.pk).count() == 1


def test_upload_accepts_a_swedish_typed_date_and_a_subject(client, bearer, staff, eb_case):
    from datetime import date

    from skutan.assistance.services import application_create

    application = application_create(actor=staff["eb_worker"], case=eb_case, month=date(2026, 11, 1))
    today = timezone.localdate()
    response = _upload(client, bearer(staff["eb_worker"]), eb_case, received_on=f"{today:%Y%m%d}",
                       subject=f"assistance.application:{application.pk}")
    assert response.status_code == 201, response.content
    assert response.json()["subject_id"] == application.pk and response.json()["received_on"] == today.isoformat()


@pytest.mark.parametrize("fields, status, field, words", [
    ({"file": SimpleUploadedFile("x.pdf", b"<svg onload=alert(1)>")}, 400, "file", "PDF, PNG eller JPEG"),
    ({"file": None}, 400, "file", "Välj en fil"),
    ({"kind": "spaceship"}, 400, "kind", "Välj vilken typ"),
    ({"title": ""}, 400, "title", "Beskriv handlingen"),
    ({"received_on": "igår"}, 400, "received_on", "ÅÅÅÅ-MM-DD"),
    ({"received_on": ""}, 400, "received_on", "när handlingen kom in"),
    ({"received_on": "2999-01-01"}, 400, "received_on", "framtiden"),
    ({"subject": "assistance.application:999999"}, 400, "subject", "finns inte i ärendet"),
])
def test_upload_refusals_are_swedish_and_store_nothing(client, bearer, staff, eb_case, media, fields, status, field,
                                                       words):
    response = _upload(client, bearer(staff["eb_worker"]), eb_case, **fields)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field and words in response.json()["detail"]
    assert not Document.objects.exists() and not AuditEvent.objects.filter(event_type=350).exists()
    assert not any(media.rglob("*.*"))


def test_upload_too_large_is_413(client, bearer, settings, staff, eb_case, media):
    settings.SKUTAN_DOCUMENT_MAX_BYTES = 32
    response = _upload(client, bearer(staff["eb_worker"]), eb_case)
    assert response.status_code == 413
    assert response.json()["detail"] == "Filen är för stor: högst 0 MB." and response.json()["field"] == "file"
    assert not Document.objects.exists() and not any(media.rglob("*.*"))


def test_upload_to_a_case_outside_the_units_is_404_and_without_write_right_403(client, bearer, staff, units, eb_case,
                                                                              bou_case):
    from skutan.cases.services import case_emergency_access
    from skutan.conftest import emergency_right

    assert _upload(client, bearer(staff["eb_worker"]), bou_case).status_code == 404
    # emergency access reads the case but may not register: 403 before the (bad) input is looked at
    emergency_right(staff["eb_worker"], units["bou"])
    case_emergency_access(actor=staff["eb_worker"], person=bou_case.person, reason="Akut oro kring barnet i dag")
    response = _upload(client, bearer(staff["eb_worker"]), bou_case, kind="spaceship")
    assert response.status_code == 403 and response.json()["detail"]
    assert not Document.objects.exists()


def test_list_is_metadata_only_and_logs_the_case_read(client, bearer, staff, eb_case, person):
    doc = _document(staff, eb_case)
    before = AccessLog.objects.count()
    response = client.get(f"/api/v1/cases/{eb_case.pk}/documents", **bearer(staff["eb_worker"]))
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == doc.pk and row["sha256"] == doc.sha256 and "file" not in row and "content" not in row
    new = list(AccessLog.objects.order_by("id")[before:])
    assert [(r.object_type, r.channel, r.person_id) for r in new] == [("case", "api", person.pk)]


def test_metadata_and_content_are_logged_like_the_web_view(client, bearer, staff, eb_case, person):
    doc = _document(staff, eb_case)
    headers = bearer(staff["eb_worker"])
    before = AccessLog.objects.count()
    meta = client.get(f"/api/v1/documents/{doc.pk}", **headers)
    assert meta.status_code == 200 and meta.json()["original_name"] == "a.pdf"
    content = client.get(f"/api/v1/documents/{doc.pk}/content", **headers)
    assert content.status_code == 200 and b"".join(content.streaming_content) == PDF
    assert content["Content-Type"] == "application/pdf" and content["X-Content-Type-Options"] == "nosniff"
    assert content["Content-Disposition"].startswith("attachment")
    rows = [r for r in AccessLog.objects.order_by("id")[before:] if r.object_type == "document"]
    assert [(r.object_id, r.action, r.channel, r.person_id) for r in rows] == [
        (str(doc.pk), "view", "api", person.pk), (str(doc.pk), "view", "api", person.pk)]


def test_other_units_documents_are_404_and_not_logged(client, bearer, staff, eb_case):
    doc = _document(staff, eb_case)
    headers = bearer(staff["bou_worker"])
    for path in (f"/api/v1/documents/{doc.pk}", f"/api/v1/documents/{doc.pk}/content",
                 f"/api/v1/cases/{eb_case.pk}/documents", "/api/v1/documents/999999"):
        response = client.get(path, **headers)
        assert response.status_code == 404, path
        assert "finns inte" in response.json()["detail"]
    assert not AccessLog.objects.filter(user_id=staff["bou_worker"].pk).exists()


def test_protected_persons_document_read_is_marked_as_on_the_web(client, bearer, login, staff, protected_case):
    doc = _document(staff, protected_case)
    client.get(f"/api/v1/documents/{doc.pk}", **bearer(staff["eb_worker"]))
    login(staff["eb_worker"]).get(f"/arenden/handlingar/{doc.pk}/")
    rows = list(AccessLog.objects.filter(object_type="document", object_id=str(doc.pk)).order_by("id"))
    assert [(r.channel, r.protected_person) for r in rows] == [("api", True), ("web", True)]
