from django.utils.translation import gettext


class NoStoreMiddleware:
    """Pages carry personal data: browsers and proxies must not keep copies (OSL 26 kap. 1 §)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response.setdefault("Cache-Control", "no-store")
        return response


class RequestIdMiddleware:
    """Give every request an id (X-Request-ID), so a system fault reported from a page can be traced in the logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import re
        import uuid

        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if re.fullmatch(r"[A-Za-z0-9-]{8,64}", incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class RequestSizeLimitMiddleware:
    """A request body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before it is read: for the API with
    a Swedish JSON 413, elsewhere with Django's own 400. The limit is documented in docs/api.md."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import JsonResponse

        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit and request.path.startswith("/api/"):
            megabytes = limit // (1024 * 1024)
            return JsonResponse(
                {"detail": gettext(
                    "Förfrågan är för stor: högst %(megabytes)s MB."
                ) % {"megabytes": megabytes}, "field": "request",
                 "errors": {"request": [gettext("Högst %(megabytes)s MB.") % {"megabytes": megabytes}]}},
                status=413,
            )
        return self.get_response(request)
