"""»Beslut att fatta«: the prepared decisions sent to the user, and those they sent."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.core.errors import ApplicationError
from skutan.core.web import ctx, staff_view
from skutan.referrals import selectors, services


@staff_view
def queue(request):
    return render(request, "referrals/queue.html", {
        "to_decide": selectors.referrals_to_decide(ctx=ctx(request, "Beslut att fatta")),
        "sent": selectors.referrals_sent_by(ctx=ctx(request, "Beslut att fatta: skickade underlag")),
    })


@staff_view
@require_POST
def referral_return(request, referral_id: int):
    referral = selectors.referral_get_for_user(ctx=ctx(request, "Beslut att fatta"), referral_id=referral_id)
    try:
        services.referral_return(actor=request.user, referral=referral, comment=request.POST.get("comment", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(referral.path)
    messages.success(request, gettext(
        "Beslutsunderlaget är skickat tillbaka till %(sent_by)s."
    ) % {"sent_by": referral.sent_by.display_name})
    return redirect("referrals:queue")
