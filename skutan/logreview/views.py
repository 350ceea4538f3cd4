"""The log reviewer's pages of the automated loggkontroll, and the panel on their start page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.selectors import user_can_review_log
from skutan.core.errors import ApplicationError
from skutan.core.pagination import page_number, page_of, url_pattern
from skutan.core.tasks import task_progress_get_for_user, task_progress_latest
from skutan.core.web import ctx, staff_view
from skutan.logreview import selectors, services
from skutan.logreview.forms import ItemCloseForm
from skutan.logreview.models import ReviewKind, ReviewStatus


def home_panel(request) -> dict | None:
    """SKUTAN_HOME_PANELS: the review items per week, for log reviewers only."""
    if not user_can_review_log(user=request.user):
        return None
    weeks = selectors.review_weekly_counts(reviewer=request.user)
    open_count = selectors.review_items_for(reviewer=request.user, status=ReviewStatus.OPEN).count()
    return {"template": "logreview/_home_panel.html", "weeks": weeks, "open_count": open_count,
            "kinds": ReviewKind.choices}


@staff_view
@require_POST
def run_now(request):
    """Start the loggkontroll in the background now (the nightly run does the same)."""
    progress = services.logreview_start(actor=request.user)
    messages.success(request, gettext("Loggkontrollen körs i bakgrunden."))
    return redirect(f"{reverse('logreview:items')}?uppgift={progress.pk}")


@staff_view
def item_list(request):
    task = None
    if request.GET.get("uppgift", "").isdigit():
        task = task_progress_get_for_user(user=request.user, progress_id=int(request.GET["uppgift"]))
    status = request.GET.get("status", ReviewStatus.OPEN)
    kind = request.GET.get("kind", "")
    username = request.GET.get("anvandare", "").strip()[:150]
    page = page_of(
        selectors.review_items_for(reviewer=request.user, status=status or None, kind=kind or None,
                                   username=username or None),
        number=page_number(request.GET), keep={"status": status, "kind": kind, "anvandare": username},
    )
    weeks = selectors.review_weekly_counts(reviewer=request.user)
    return render(request, "logreview/items.html", {
        "items": page.items, "page": page, "status": status, "kind": kind, "username": username, "weeks": weeks,
        "item_url": url_pattern("logreview:item", "item_id"),
        "statuses": ReviewStatus.choices, "kinds": ReviewKind.choices, "task": task,
        "last_task": task_progress_latest(kind="logreview.run") if task is None else None,
    })


@staff_view
def item_detail(request, item_id: int):
    item = selectors.review_item_get_for_user(reviewer=request.user, item_id=item_id)
    form = ItemCloseForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.logreview_item_close(
                actor=request.user, item_id=item.pk, note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except ApplicationError as exc:
            form.add_error("note" if exc.field == "note" else None, exc.message)
        else:
            messages.success(request, gettext("Posten är granskad och stängd."))
            return redirect("logreview:items")
    persons = selectors.review_item_persons(ctx=ctx(request, "Loggkontroll"), item=item)
    return render(request, "logreview/item.html", {"item": item, "persons": persons, "form": form},
                  status=400 if form.errors else 200)
