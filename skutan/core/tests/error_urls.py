"""A URLconf for the error-page tests: the real site plus views that fail on purpose."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from skutan.urls import handler400, handler403, handler404, handler500  # noqa: F401
from skutan.urls import urlpatterns as site_urlpatterns


def _crash(request):
    raise RuntimeError("hemlig detalj som aldrig får visas")


def _suspicious(request):
    raise SuspiciousOperation("hemlig detalj som aldrig får visas")


urlpatterns = [
    path("test-fel/krasch/", _crash),
    path("api/v1/test-fel/krasch/", _crash),
    path("test-fel/ogiltig/", _suspicious),
    path("api/v1/test-fel/ogiltig/", _suspicious),
    *site_urlpatterns,
]
