"""For systemförvaltare on every page: a riksnorm table that is missing (this year, or from 1 November the
next), with a link to enter it. Wired in settings; costs one cheap query for system administrators only."""

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role


def norm_notice(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user_has_role(user=user, role=Role.SYSTEM_ADMIN):
        return {}
    from skutan.assistance.selectors import norm_year_gaps_to_report

    return {"norm_gaps": norm_year_gaps_to_report()}
