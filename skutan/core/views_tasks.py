"""The progress of a background task, as a fragment the page polls (skutan/core/tasks.py, docs/tasks.md)."""

from django.shortcuts import render

from skutan.core.tasks import task_progress_get_for_user
from skutan.core.web import staff_view


@staff_view
def task_progress(request, task_progress_id: int):
    """Only the user who started the task (or a superuser) sees it; it holds no personal data."""
    progress = task_progress_get_for_user(user=request.user, progress_id=task_progress_id)
    return render(request, "core/_task_progress.html", {"task": progress})
