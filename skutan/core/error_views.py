"""Swedish error pages (400, 403, 404, 500) and Swedish JSON for the same errors under /api/.

Never a stack trace or a list of URLs: DEBUG is off everywhere but a developer's opt-in. The 400 and 500
pages are rendered without the request's context processors (the error may lie there), so their templates
stand alone; 403 and 404 extend the site's base layout.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _

from skutan.core.web import UserFacingHttp404, UserFacingPermissionDenied

API_PREFIX = "/api/"

MESSAGES = {
    400: _("Felaktig begäran."),
    403: _("Du har inte behörighet till det här."),
    404: _("Sidan eller uppgiften finns inte, eller så har du inte behörighet att se den."),
    500: _("Ett tekniskt fel uppstod. Felet är registrerat. Försök igen om en stund eller kontakta systemförvaltningen."),
}


def _is_api(request) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)


def _api(status: int, detail: str | None = None) -> JsonResponse:
    return JsonResponse({"detail": str(detail or MESSAGES[status])}, status=status, json_dumps_params={"ensure_ascii": False})


def _message(exception, status: int) -> str:
    """The Swedish message a view gave (staff_view's user-facing errors), else the default.

    Django's own English messages (e.g. "No … matches the given query", resolver details) are never shown."""
    if isinstance(exception, UserFacingHttp404 | UserFacingPermissionDenied) and exception.args:
        return str(exception)
    return MESSAGES[status]


def bad_request(request, exception=None):
    if _is_api(request):
        return _api(400)
    return _standalone("400.html", 400)


def permission_denied(request, exception=None):
    message = _message(exception, 403)
    if _is_api(request):
        return _api(403, message)
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    message = _message(exception, 404)
    if _is_api(request):
        return _api(404, message)
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request):
    if _is_api(request):
        return _api(500)
    return _standalone("500.html", 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: usually an expired login page or a form left open for a day."""
    if _is_api(request):
        return _api(403, _("Sessionen har gått ut eller formuläret är för gammalt. Ladda om sidan och försök igen."))
    return render(request, "403_csrf.html", status=403)


def _standalone(template: str, status: int):
    try:
        body = loader.get_template(template).render({"message": MESSAGES[status]})
    except Exception:  # e.g. a static file missing from the manifest: the error page itself must not fail
        body = f'<!DOCTYPE html><html lang="sv"><title>Skutan</title><h1>{status}</h1><p>{MESSAGES[status]}</p></html>'
    return HttpResponse(body, status=status)
