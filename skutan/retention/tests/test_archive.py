"""The e-archive package of a kept personakt: FGS Paketstruktur/E-ARK structure, checked structurally, and a
checksum manifest that matches the files."""

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.children.models import Intervention
from skutan.core.context import AccessContext
from skutan.core.errors import ConflictError
from skutan.retention.services import archive_package_export
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"


@pytest.fixture
def placed_child(build, staff):
    child = build.person("Hilda", date(2004, 6, 2), 442)
    case = build.case(child, unit="bou", when=years_ago(12), text="Placering på HVB Solgläntan.")
    Intervention.objects.create(
        case=case, kind="hvb", decided_on=years_ago(12), decided_by=staff["bou_worker"], starts_on=years_ago(12),
        ended_on=years_ago(11), provider="HVB Solgläntan",
    )
    return child


def _ctx(user):
    return AccessContext(user=user, purpose="Arkivering", channel="cli")


def test_the_package_has_the_csip_structure_and_right_checksums(placed_child, archivists):
    package_id, data = archive_package_export(ctx=_ctx(archivists["planner"]), person=placed_child)

    archive = zipfile.ZipFile(io.BytesIO(data))
    files = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    assert all(name.startswith(package_id + "/") for name in archive.namelist())
    assert set(files) == {
        "METS.xml", "metadata/descriptive/ERMS.xml", "representations/rep1/data/personakt.pdf",
        "representations/rep1/data/personakt.xml", "manifest-sha256.txt",
    }
    # the manifest names every other file with its SHA-256
    manifest = dict(
        reversed(line.split("  ", 1)) for line in files["manifest-sha256.txt"].decode().splitlines()
    )
    assert set(manifest) == set(files) - {"manifest-sha256.txt"}
    for path, digest in manifest.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest
    # METS: every file in the fileSec exists, with its size and checksum; the ERMS metadata is referenced
    mets = ET.fromstring(files["METS.xml"])
    assert mets.get("OBJID") == package_id
    located = mets.findall(f".//{METS}file")
    assert len(located) == 2
    for f in located:
        path = f.find(f"{METS}FLocat").get(f"{XLINK}href")
        assert f.get("CHECKSUMTYPE") == "SHA-256"
        assert f.get("CHECKSUM") == hashlib.sha256(files[path]).hexdigest()
        assert int(f.get("SIZE")) == len(files[path])
    md = mets.find(f".//{METS}dmdSec/{METS}mdRef")
    assert md.get(f"{XLINK}href") == "metadata/descriptive/ERMS.xml"
    assert md.get("CHECKSUM") == hashlib.sha256(files["metadata/descriptive/ERMS.xml"]).hexdigest()
    fptrs = {p.get("FILEID") for p in mets.findall(f".//{METS}structMap//{METS}fptr")}
    assert fptrs == {f.get("ID") for f in located}
    # ERMS: the personakt as an aggregation with its case as a record
    erms = ET.fromstring(files["metadata/descriptive/ERMS.xml"])
    ns = "{https://DILCIS.eu/XML/ERMS}"
    assert erms.find(f".//{ns}aggregation").get("aggregationType") == "caseFile"
    assert len(erms.findall(f".//{ns}record")) == 1
    # the content: PDF/A-2b identification and the case's journal in both representations
    pdf = PdfReader(io.BytesIO(files["representations/rep1/data/personakt.pdf"]))
    xmp = pdf.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in pdf.trailer["/Root"]
    assert "Placering på HVB Solgläntan." in "".join(p.extract_text() for p in pdf.pages)
    assert "Placering på HVB Solgläntan." in files["representations/rep1/data/personakt.xml"].decode()
    assert AuditEvent.objects.filter(event_type=EventType.ARCHIVE_PACKAGE_EXPORTED, person_id=placed_child.pk).exists()


def test_only_kept_closed_files_are_archived(build, archivists, staff):
    from skutan.core.errors import AccessDeniedError

    ordinary = build.person("Sixten", date(1970, 3, 2), 111)
    build.case(ordinary, unit="eb", when=years_ago(6))
    with pytest.raises(ConflictError):
        archive_package_export(ctx=_ctx(archivists["planner"]), person=ordinary)
    with pytest.raises(AccessDeniedError):
        archive_package_export(ctx=_ctx(staff["bou_worker"]), person=ordinary)
