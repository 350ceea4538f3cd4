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
