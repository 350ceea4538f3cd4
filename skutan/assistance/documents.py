"""What in an EB case a document can belong to: the month's applications (registered in AssistanceConfig.ready
as cases.extensions.DOCUMENT_SUBJECTS)."""

from django.urls import reverse

SUBJECT_TYPE = "assistance.application"


def application_document_subjects(*, case) -> list[dict]:
    from skutan.assistance.models import Application

    if case.case_type != "financial_assistance":
        return []
    return [
        {"type": SUBJECT_TYPE, "id": a.pk, "label": f"Ansökan {a.month:%Y-%m}",
         "url": reverse("assistance:application", kwargs={"application_id": a.pk})}
        for a in Application.objects.filter(case=case).order_by("-month")[:24]
    ]
