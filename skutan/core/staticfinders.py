"""Static-file finders that answer "not found" to a path leading outside the static folders.

Django's own finders raise SuspiciousFileOperation for ``/static/../../etc/passwd``, which the static-files
handler of ``runserver`` turns into a 500. Such a path names no static file: it is a 404.
"""

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation


class _Safe:
    def find(self, path, **kwargs):
        if "\x00" in path:
            return []
        try:
            return super().find(path, **kwargs)
        except (SuspiciousFileOperation, ValueError):
            return []


class FileSystemFinder(_Safe, finders.FileSystemFinder):
    pass


class AppDirectoriesFinder(_Safe, finders.AppDirectoriesFinder):
    pass
