"""E-arkiv: an information package (SIP) of a closed personakt that must be kept, for the municipality's
e-archive, following FGS Paketstruktur 2.0 (= E-ARK CSIP 2.1.0 + SIP 2.1.0) with FGS Ärendehantering 2.0
(= CITS ERMS) metadata, as DOMAIN.md §8 names them. Structure (docs/archive.md)::

    <package id>/
      METS.xml                              the package's METS: header, fileSec with SHA-256 of every file, structMap
      metadata/descriptive/ERMS.xml         the personakt as an ERMS aggregation; each case a record
      representations/rep1/data/personakt.pdf   the content as PDF/A-2b (WeasyPrint's pdf/a-2b variant)
      representations/rep1/data/personakt.xml   the same content as XML, field by field
      manifest-sha256.txt                   checksum manifest: "<sha256>  <path>" for every file above

The package is checked structurally (tests/test_archive.py): no METS, CSIP or ERMS schema is available from
a package registry, so nothing here is validated against the published XSDs. Do that in the e-archive's own
ingest (or with the E-ARK validator) before relying on it.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime

from django.utils import timezone

from skutan.retention.extract import Extract

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
ERMS = "https://DILCIS.eu/XML/ERMS"
ET.register_namespace("mets", METS)
ET.register_namespace("xlink", XLINK)
ET.register_namespace("csip", CSIP)
ET.register_namespace("", ERMS)

PDF_PATH = "representations/rep1/data/personakt.pdf"
XML_PATH = "representations/rep1/data/personakt.xml"
ERMS_PATH = "metadata/descriptive/ERMS.xml"
MANIFEST = "manifest-sha256.txt"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _erms(*, package_id: str, person, cases, municipality, now: datetime) -> bytes:
    q = lambda tag: f"{{{ERMS}}}{tag}"  # noqa: E731
    root = ET.Element(q("erms"))
    control = ET.SubElement(root, q("control"))
    ET.SubElement(control, q("identification"), identificationType="SIP").text = package_id
    ET.SubElement(control, q("classificationSchema")).text = "Kommunens klassificeringsstruktur"
    maintenance = ET.SubElement(control, q("maintenanceInformation"))
    ET.SubElement(maintenance, q("maintenanceStatus")).text = "new"
    ET.SubElement(maintenance, q("maintenanceAgency")).text = municipality.name
    ET.SubElement(maintenance, q("eventDateTime")).text = now.isoformat()
    aggregations = ET.SubElement(root, q("aggregations"))
    aggregation = ET.SubElement(aggregations, q("aggregation"), aggregationType="caseFile")
    ET.SubElement(aggregation, q("identification"), identificationType="personakt").text = str(person.pk)
    ET.SubElement(aggregation, q("title")).text = f"Personakt {person.full_name}"
    agents = ET.SubElement(aggregation, q("agents"))
    agent = ET.SubElement(agents, q("agent"), agentType="counterpart")
    ET.SubElement(agent, q("name")).text = person.full_name
    ET.SubElement(agent, q("identificationCode"), identificationCodeType="personnummer").text = person.identity_number
    records = ET.SubElement(aggregation, q("records"))
    for case in cases:
        record = ET.SubElement(records, q("record"), recordType="case")
        ET.SubElement(record, q("identification"), identificationType="diarienummer").text = case.reference
        ET.SubElement(record, q("title")).text = case.get_case_type_display()
        dates = ET.SubElement(record, q("dates"))
        ET.SubElement(dates, q("date"), dateType="created").text = case.opened_on.isoformat()
        if case.closed_on:
            ET.SubElement(dates, q("date"), dateType="closed").text = case.closed_on.isoformat()
        ET.SubElement(record, q("status"), value="closed" if case.closed_on else "ongoing")
        ET.SubElement(record, q("organisation")).text = case.unit.name
    return _xml(root)


def _content_xml(*, person, extract: Extract) -> bytes:
    root = ET.Element("personakt", person=str(person.pk))
    for section in extract.sections:
        element = ET.SubElement(root, "del", titel=section.title)
        for row in section.rows:
            post = ET.SubElement(element, "post")
            for name, value in row:
                ET.SubElement(post, "uppgift", namn=name).text = value
    return _xml(root)


def _mets(*, package_id: str, files: dict[str, bytes], municipality, now: datetime) -> bytes:
    m = lambda tag: f"{{{METS}}}{tag}"  # noqa: E731
    root = ET.Element(m("mets"), {
        "OBJID": package_id, "TYPE": "Other", f"{{{CSIP}}}OTHERTYPE": "Personakt",
        "PROFILE": "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml", "LABEL": "Personakt (socialtjänst)",
        f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "FGS Ärendehantering 2.0 (CITS ERMS)",
    })
    header = ET.SubElement(root, m("metsHdr"), CREATEDATE=now.isoformat(), RECORDSTATUS="NEW")
    agent = ET.SubElement(header, m("agent"), ROLE="CREATOR", TYPE="ORGANIZATION")
    ET.SubElement(agent, m("name")).text = municipality.name
    software = ET.SubElement(header, m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    ET.SubElement(software, m("name")).text = "Skutan"
    dmd = ET.SubElement(root, m("dmdSec"), ID="dmd-erms", CREATED=now.isoformat(), STATUS="CURRENT")
    ET.SubElement(dmd, m("mdRef"), {
        "LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": ERMS_PATH, "MDTYPE": "OTHER",
        "OTHERMDTYPE": "ERMS", "MIMETYPE": "text/xml", "SIZE": str(len(files[ERMS_PATH])),
        "CHECKSUM": _sha256(files[ERMS_PATH]), "CHECKSUMTYPE": "SHA-256",
    })
    file_sec = ET.SubElement(root, m("fileSec"), ID="filesec")
    group = ET.SubElement(file_sec, m("fileGrp"), ID="rep1", USE="Representations/rep1")
    ids = {}
    for n, (path, mime) in enumerate([(PDF_PATH, "application/pdf"), (XML_PATH, "text/xml")], start=1):
        ids[path] = f"file-{n}"
        f = ET.SubElement(group, m("file"), {
            "ID": ids[path], "MIMETYPE": mime, "SIZE": str(len(files[path])), "CREATED": now.isoformat(),
            "CHECKSUM": _sha256(files[path]), "CHECKSUMTYPE": "SHA-256",
        })
        ET.SubElement(f, m("FLocat"), {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": path})
    struct = ET.SubElement(root, m("structMap"), ID="structmap", TYPE="PHYSICAL", LABEL="CSIP")
    top = ET.SubElement(struct, m("div"), ID="package", LABEL=package_id)
    ET.SubElement(top, m("div"), ID="metadata", LABEL="Metadata", DMDID="dmd-erms")
    rep = ET.SubElement(top, m("div"), ID="representation-rep1", LABEL="Representations/rep1")
    for path in (PDF_PATH, XML_PATH):
        ET.SubElement(rep, m("fptr"), FILEID=ids[path])
    return _xml(root)


def archive_package_build(*, person, extract: Extract, cases, municipality, pdf: bytes) -> tuple[str, bytes]:
    """(package id, zip bytes) of the person's personakt as an FGS/E-ARK SIP."""
    now = timezone.now().replace(microsecond=0)
    package_id = f"uuid-{uuid.uuid4()}"
    files: dict[str, bytes] = {
        PDF_PATH: pdf,
        XML_PATH: _content_xml(person=person, extract=extract),
        ERMS_PATH: _erms(package_id=package_id, person=person, cases=cases, municipality=municipality, now=now),
    }
    files["METS.xml"] = _mets(package_id=package_id, files=files, municipality=municipality, now=now)
    manifest = "".join(f"{_sha256(data)}  {path}\n" for path, data in sorted(files.items()))
    files[MANIFEST] = manifest.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(f"{package_id}/{path}", data)
    return package_id, buffer.getvalue()
