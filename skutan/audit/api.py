from datetime import datetime

from ninja import Router, Schema

from skutan.audit.selectors import access_log_filter
from skutan.audit.services import access_log_review_record
from skutan.core.apierrors import Error
from skutan.core.schema import Day

router = Router(tags=["Loggkontroll"])


class AccessLogOut(Schema):
    id: int
    at: datetime
    user_id: int | None
    username: str
    person_id: int | None
    case_id: int | None
    object_type: str
    object_id: str
    action: str
    purpose: str
    channel: str
    protected_person: bool
    outside_units: bool
    emergency: bool


@router.get("/access-log", response={200: list[AccessLogOut], 403: Error})
def access_log(
    request, person: int | None = None, user: int | None = None, since: Day | None = None,
    until: Day | None = None, flagged: bool = False, limit: int = 500,
):
    qs = access_log_filter(
        reviewer=request.user, person_id=person, user_id=user, since=since, until=until, flagged_only=flagged
    )
    rows = list(qs[: max(1, min(limit, 5000))])  # before this read is logged, as on the web page
    access_log_review_record(
        user=request.user, rows=rows, person_id=person, channel="api", path=request.get_full_path()
    )
    return rows
