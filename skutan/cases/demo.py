"""Demo plug-in of the case core (skutan/demo/generator.py): each unit's journal templates, kept by its manager,
and a few incoming documents (a lease, a salary slip) on recent EB cases, so Min dag, the journal form and the
documents page look as they do in use."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from skutan.accounts.models import Role, UnitKind
from skutan.cases.models import CaseType
from skutan.cases.services import journal_template_save
from skutan.cases.services_documents import document_register
from skutan.demo.context import DemoContext

TEMPLATES = {
    "Hembesök": "Närvarande:\nSyfte med besöket:\nBostaden:\nVad som framkom:\nBedömning:\nFortsatt planering:",
    "Telefonsamtal": "Samtal med:\nOrsak:\nVad som framkom:\nÖverenskommelse:",
    "Nätverksmöte": "Deltagare:\nSyfte:\nVad som framkom:\nBeslut och ansvar:\nNästa möte:",
}
CHILDREN_EXTRA = {"Samtal med barnet": "Plats:\nNärvarande:\nBarnets berättelse (barnets ord):\nBarnets åsikter:\nBedömning:"}


def _pdf(title: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html lang='sv'><body><h1>{title}</h1><p>Exempelhandling i demon.</p></body></html>").write_pdf()


def generate(ctx: DemoContext) -> None:
    count = 0
    for kind, unit in ctx.units.items():
        if kind not in (UnitKind.FINANCIAL_ASSISTANCE, UnitKind.CHILDREN, UnitKind.ADULTS):
            continue
        managers = ctx.users(Role.UNIT_MANAGER, kind)
        if not managers:
            continue
        manager = managers[0]
        templates = {**TEMPLATES, **(CHILDREN_EXTRA if kind == UnitKind.CHILDREN else {})}
        for event_kind, text in templates.items():
            journal_template_save(actor=manager, unit=unit, event_kind=event_kind, text=text)
            count += 1
    documents = 0
    lease, salary = _pdf("Hyresavi"), _pdf("Lönespecifikation")
    for i, case in enumerate(ctx.active_cases(CaseType.FINANCIAL_ASSISTANCE)[:6]):
        worker = ctx.handler_on(case, ctx.today)
        if worker is None or case.unit_id not in set(worker.memberships.values_list("unit_id", flat=True)):
            continue
        for name, content, kind, title in (("hyresavi.pdf", lease, "lease", "Hyresavi"),
                                           ("lonespec.pdf", salary, "salary", "Lönespecifikation")):
            day = ctx.today - timedelta(days=1 + i)
            with ctx.happened_at(ctx.at(day, 10)):
                document_register(actor=worker, case=case, upload=SimpleUploadedFile(name, content), kind=kind,
                                  title=f"{title} {day:%Y-%m}", received_on=day)
            documents += 1
    ctx.say(f"  ärenden: {count} journalmallar, {documents} handlingar")
