"""Reads of gallring and archive data. Plans hold no names; a plan's person list is read through
``purge_plan_items`` which logs each person shown (the archivist reads personal data there)."""

from django.db.models import QuerySet
from django.utils.translation import gettext

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role
from skutan.core.errors import NotFoundError
from skutan.retention.models import PurgePlan, PurgePlanItem


def user_is_archivist(*, user) -> bool:
    """Arkivansvarig: the role in any unit (or the superuser)."""
    return bool(user and user.is_authenticated and user.is_active and user_has_role(user=user, role=Role.ARCHIVIST))


def purge_plans_for_user(*, user) -> QuerySet[PurgePlan]:
    if not user_is_archivist(user=user):
        return PurgePlan.objects.none()
    return PurgePlan.objects.select_related("created_by", "approved_by", "executed_by")


def purge_plan_get_for_user(*, user, plan_id: int) -> PurgePlan:
    plan = purge_plans_for_user(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFoundError(gettext("Gallringsplanen finns inte."))
    return plan


def purge_plan_items(*, ctx, plan: PurgePlan, outcome: str | None = None, limit: int = 500) -> list[PurgePlanItem]:
    """The plan's persons as the archivist reviews them; each person shown is access-logged."""
    from skutan.audit.services import access_log_record

    items = plan.items.select_related("person").order_by("outcome", "group", "person__last_name", "id")
    if outcome:
        items = items.filter(outcome=outcome)
    rows = list(items[:limit])
    for item in rows:
        access_log_record(
            user=ctx.user, action="list", purpose=ctx.purpose, object_type="purge_plan_item",
            object_id=item.pk, person=item.person, channel=ctx.channel, path=ctx.path,
        )
    return rows


def data_subject_requests_for_person(*, user, person):
    from skutan.retention.models import DataSubjectRequest

    if not user_is_archivist(user=user):
        return DataSubjectRequest.objects.none()
    return DataSubjectRequest.objects.filter(person=person).select_related("decided_by")


def data_subject_request_get_for_user(*, ctx, request_id: int):
    """A request, for the arkivansvarig only; reading it is a read of the person's data (logged)."""
    from skutan.audit.services import access_log_record
    from skutan.retention.models import DataSubjectRequest

    if not user_is_archivist(user=ctx.user):
        raise NotFoundError(gettext("Begäran finns inte."))
    request = DataSubjectRequest.objects.select_related("person", "decided_by").filter(pk=request_id).first()
    if request is None:
        raise NotFoundError(gettext("Begäran finns inte."))
    access_log_record(
        user=ctx.user, action="view", purpose=ctx.purpose, object_type="data_subject_request",
        object_id=request.pk, person=request.person, channel=ctx.channel, path=ctx.path,
    )
    return request


def retention_marks_for_person(*, person):
    """The person's bevarandemarkeringar, withdrawn ones too. The caller has read the person through
    ``person_get_for_user`` (which authorizes and logs the read)."""
    from skutan.retention.models import RetentionMark

    return list(
        RetentionMark.objects.filter(person=person)
        .select_related("case", "child", "registered_by", "withdrawn_by").order_by("-document_date", "-id")
    )


def retention_mark_get(*, person, mark_id: int):
    """One of the person's marks (the person already read through ``person_get_for_user``)."""
    from skutan.retention.models import RetentionMark

    mark = RetentionMark.objects.filter(person=person, pk=mark_id).select_related("person").first()
    if mark is None:
        raise NotFoundError(gettext("Markeringen finns inte."))
    return mark
