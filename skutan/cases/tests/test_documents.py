"""Documents (handlingar): type from the content, size limit, storage outside the database, inline view with its
own CSP, every view access-logged, the secrecy of the case, no deletion, outgoing letters."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from skutan.audit.models import AccessLog, AuditEvent
from skutan.cases.models import Document
from skutan.cases.services_documents import document_content_type, document_register, document_store_outgoing
from skutan.conftest import emergency_right
from skutan.core.errors import ApplicationError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content=PDF, name="hyresavi.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def register(staff, case, **kw):
    args = {"actor": staff["eb_worker"], "case": case, "upload": upload(), "kind": "lease", "title": "Hyresavi december",
            "received_on": timezone.localdate()}
    args.update(kw)
    return document_register(**args)


@pytest.mark.parametrize("head, expected", [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
    (b"<html><script>alert(1)</script>", None), (b"PK\x03\x04word", None), (b"GIF89a", None), (b"", None),
])
def test_content_type_from_magic_bytes(head, expected):
    assert document_content_type(head[:16]) == expected


def test_register_stores_file_outside_the_database_with_audit(staff, eb_case, media):
    doc = register(staff, eb_case)
    assert doc.content_type == "application/pdf" and doc.size == len(PDF)
    assert (media / doc.file.name).read_bytes() == PDF
    assert "hyresavi" not in doc.file.name and doc.file.name.endswith(".pdf")  # random name, no file name of ours
    assert doc.original_name == "hyresavi.pdf" and doc.registered_by == staff["eb_worker"]
    event = AuditEvent.objects.get(event_type=350)
    assert event.case_id == eb_case.pk and event.data["sha256"] == doc.sha256


def test_type_is_checked_from_content_not_name(staff, eb_case):
    with pytest.raises(ApplicationError) as exc:
        register(staff, eb_case, upload=upload(b"MZ\x90\x00 not a pdf", name="intyg.pdf"))
    assert exc.value.field == "file" and "innehållet" in exc.value.message
    # A real PNG with a misleading name is stored as what it is.
    doc = register(staff, eb_case, upload=upload(PNG, name="intyg.pdf"))
    assert doc.content_type == "image/png"


def test_size_limit_is_a_setting(settings, staff, eb_case):
    settings.SKUTAN_DOCUMENT_MAX_BYTES = 32
    with pytest.raises(ApplicationError, match="för stor"):
        register(staff, eb_case)
    assert not Document.objects.exists()


def test_received_on_in_the_future_is_refused(staff, eb_case):
    with pytest.raises(ApplicationError) as exc:
        register(staff, eb_case, received_on=timezone.localdate() + timedelta(days=1))
    assert exc.value.field == "received_on"


def test_emergency_access_cannot_register(staff, bou_case, units):
    from skutan.cases.services import case_emergency_access
    from skutan.core.errors import AccessDeniedError, NotFoundError

    emergency_right(staff["eb_worker"], units["bou"])
    case_emergency_access(actor=staff["eb_worker"], person=bou_case.person, reason="Akut oro kring barnet i dag")
    with pytest.raises((AccessDeniedError, NotFoundError)):
        register(staff, bou_case)
    assert not Document.objects.exists()


def test_database_refuses_update_and_delete(staff, eb_case):
    doc = register(staff, eb_case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=doc.pk).update(title="Ändrad")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=doc.pk).delete()
    assert Document.objects.get(pk=doc.pk).title == "Hyresavi december"


def test_upload_view_and_logged_views(login, staff, eb_case, person):
    client = login(staff["eb_worker"])
    page = client.get(f"/arenden/{eb_case.pk}/handlingar/")
    assert page.status_code == 200 and "Registrera inkommen handling" in page.content.decode()
    response = client.post(f"/arenden/{eb_case.pk}/handlingar/", {
        "file": upload(PNG, name="lonespec.png", content_type="image/png"), "kind": "salary",
        "title": "Lönespecifikation november", "received_on": timezone.localdate().isoformat(), "subject": "",
    })
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/arenden/handlingar/{doc.pk}/"
    before = AccessLog.objects.count()
    html = client.get(f"/arenden/handlingar/{doc.pk}/").content.decode()
    assert f'<img class="document-image" src="/arenden/handlingar/{doc.pk}/fil/"' in html
    assert "Eva Berg" in html and "eb.handlaggare" not in html
    file = client.get(f"/arenden/handlingar/{doc.pk}/fil/")
    assert file.status_code == 200 and b"".join(file.streaming_content) == PNG
    assert file["Content-Type"] == "image/png" and file["Content-Disposition"].startswith("inline")
    assert file["X-Content-Type-Options"] == "nosniff" and file["X-Frame-Options"] == "SAMEORIGIN"
    policy = file["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'self'" in policy and "script-src" not in policy
    rows = AccessLog.objects.filter(pk__gt=0).order_by("id")[before:]
    document_rows = [r for r in rows if r.object_type == "document"]
    assert len(document_rows) == 2 and all(r.person_id == person.pk and r.action == "view" for r in document_rows)


def test_upload_view_refuses_bad_file_with_400(login, staff, eb_case):
    response = login(staff["eb_worker"]).post(f"/arenden/{eb_case.pk}/handlingar/", {
        "file": upload(b"<svg onload=alert(1)>", name="x.pdf"), "kind": "other", "title": "X",
        "received_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 400 and "PDF, PNG eller JPEG" in response.content.decode()
    assert not Document.objects.exists()


def test_same_secrecy_as_the_case(login, staff, eb_case):
    doc = register(staff, eb_case)
    client = login(staff["bou_worker"])
    assert client.get(f"/arenden/handlingar/{doc.pk}/").status_code == 404
    assert client.get(f"/arenden/handlingar/{doc.pk}/fil/").status_code == 404
    assert client.get(f"/arenden/{eb_case.pk}/handlingar/").status_code == 404


def test_document_attached_to_an_application(login, staff, eb_case):
    from skutan.assistance.services import application_create

    application = application_create(actor=staff["eb_worker"], case=eb_case, month=date(2026, 11, 1))
    client = login(staff["eb_worker"])
    key = f"assistance.application:{application.pk}"
    form = client.get(f"/arenden/{eb_case.pk}/handlingar/?avser={key}").content.decode()
    assert f'<option value="{key}" selected>Ansökan 2026-11</option>' in form
    client.post(f"/arenden/{eb_case.pk}/handlingar/", {
        "file": upload(), "kind": "lease", "title": "Hyresavi", "received_on": timezone.localdate().isoformat(),
        "subject": key,
    })
    doc = Document.objects.get()
    assert (doc.subject_type, doc.subject_id, doc.subject_label) == ("assistance.application", application.pk, "Ansökan 2026-11")
    page = client.get(f"/bistand/ansokan/{application.pk}/").content.decode()
    assert f"/arenden/handlingar/{doc.pk}/" in page


def test_outgoing_letter_is_stored_with_date_and_channel(staff, eb_case):
    doc = document_store_outgoing(actor=staff["eb_worker"], case=eb_case, content=PDF, filename="beslut.pdf",
                                  title="Beslutsbrev", sent_on=timezone.localdate(), channel="post")
    assert (doc.direction, doc.channel, doc.sent_on, doc.received_on) == ("outgoing", "post", timezone.localdate(), None)
    assert AuditEvent.objects.filter(event_type=351, case_id=eb_case.pk).exists()
    with pytest.raises(ApplicationError) as exc:
        document_store_outgoing(actor=staff["eb_worker"], case=eb_case, content=PDF, filename="b.pdf", title="B",
                                sent_on=timezone.localdate(), channel="fax")
    assert exc.value.field == "channel"
