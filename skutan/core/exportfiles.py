"""Files made by a background export (the follow-up workbook, the EB register file): kept through Django's
storage API, never in the database, for the user who asked for them only, and deleted after a while.

The task that makes the file calls export_file_save(), which writes it under ``exports/`` of the storage alias
SKUTAN_EXPORT_STORAGE (default: "default", the private FileSystemStorage under MEDIA_ROOT that is never
served directly) and puts its name, the download URL and the expiry in the progress row's result. The app's
download view calls export_file_open_for_user() and records the download in the access log (audit sits above
core, so each app logs as its export is logged). export_files_prune() deletes files older than
SKUTAN_EXPORT_FILE_HOURS; every export task calls it, and ``skutan export_files_prune`` can run from cron.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext

from skutan.core.errors import NotFoundError
from skutan.core.models import TaskProgress, TaskStatus


def export_storage():
    return storages[getattr(settings, "SKUTAN_EXPORT_STORAGE", "default")]


def export_file_hours() -> int:
    return int(getattr(settings, "SKUTAN_EXPORT_FILE_HOURS", 24))


def export_file_save(*, progress_id: int, data: bytes, filename: str, content_type: str, download_url: str) -> dict:
    """Store the file and return what the progress row's result keeps of it (merged by the caller)."""
    export_files_prune()
    # A random name: nothing in the path says whose file it is or what is in it.
    stored = export_storage().save(f"exports/{uuid.uuid4().hex}", ContentFile(data))
    expires = timezone.now() + timedelta(hours=export_file_hours())
    return {"file": {"name": stored, "filename": filename, "content_type": content_type, "size": len(data),
                     "expires_at": expires.isoformat()},
            "download_url": download_url}


def _gone() -> NotFoundError:
    return NotFoundError(gettext("Filen finns inte längre. Gör exporten igen."))


def export_file_open_for_user(*, user, progress_id: int, kinds: tuple[str, ...]) -> tuple[TaskProgress, dict, IO]:
    """The finished export of one of ``kinds`` that ``user`` started (nobody else's, not even a superuser's:
    the file holds what the starter was allowed to see), open for reading. Else NotFoundError."""
    progress = TaskProgress.objects.filter(pk=progress_id, kind__in=kinds, owner_id=user.pk).first()
    if progress is None:
        raise NotFoundError(gettext("Exporten finns inte."))
    meta = (progress.result or {}).get("file")
    if progress.status != TaskStatus.DONE or not meta or meta.get("deleted"):
        raise _gone()
    if datetime.fromisoformat(meta["expires_at"]) <= timezone.now():
        export_files_prune()
        raise _gone()
    try:
        handle = export_storage().open(meta["name"], "rb")
    except FileNotFoundError:
        raise _gone() from None
    return progress, meta, handle


def export_files_prune(*, now: datetime | None = None) -> int:
    """Delete the export files whose time is up; the progress row keeps that the file was made."""
    now = now or timezone.now()
    storage, deleted = export_storage(), 0
    for progress in TaskProgress.objects.filter(result__has_key="file").only("pk", "result"):
        meta = progress.result["file"]
        if meta.get("deleted") or datetime.fromisoformat(meta["expires_at"]) > now:
            continue
        storage.delete(meta["name"])
        result = {**progress.result, "file": {**meta, "deleted": True}}
        result.pop("download_url", None)
        TaskProgress.objects.filter(pk=progress.pk).update(result=result)
        deleted += 1
    return deleted


def export_file_response(*, meta: dict, handle: IO):
    from django.http import FileResponse

    return FileResponse(handle, as_attachment=True, filename=meta["filename"], content_type=meta["content_type"])
