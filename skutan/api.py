"""The REST API under /api/v1/. Each app contributes a router; errors are Swedish JSON."""

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from skutan.accounts.selectors import user_get_by_token
from skutan.core.apierrors import declare_common_errors
from skutan.core.errors import ApplicationError


class BearerTokenAuth(HttpBearer):
    """Tokens from ``skutan token create USERNAME``."""

    def authenticate(self, request, token):
        user = user_get_by_token(key=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Skutan API",
    version="1",
    description="Ärendehantering för individ- och familjeomsorg. Autentisering: Bearer-nyckel.",
    urls_namespace="api",
    auth=[BearerTokenAuth(), django_auth],
    openapi_url="/openapi.json",
    docs_url="/docs",
)

_PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Fältet är obligatoriskt."),
    "int_parsing": gettext_lazy("Ange ett heltal."),
    "int_type": gettext_lazy("Ange ett heltal."),
    "string_type": gettext_lazy("Ange en text."),
    "date_from_datetime_parsing": gettext_lazy("Ange ett datum (ÅÅÅÅ-MM-DD)."),
    "date_parsing": gettext_lazy("Ange ett giltigt datum (ÅÅÅÅ-MM-DD)."),
    "date_type": gettext_lazy("Ange ett giltigt datum (ÅÅÅÅ-MM-DD)."),
    "datetime_parsing": gettext_lazy("Ange en giltig tidpunkt (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Ange en giltig tidpunkt (ISO 8601)."),
    "datetime_type": gettext_lazy("Ange en giltig tidpunkt (ISO 8601)."),
    "decimal_parsing": gettext_lazy("Ange ett belopp."),
    "bool_parsing": gettext_lazy("Ange sant eller falskt."),
    "enum": gettext_lazy("Okänt värde."),
    "literal_error": gettext_lazy("Okänt värde."),
    "list_type": gettext_lazy("Ange en lista."),
    "model_attributes_type": gettext_lazy("Ogiltig JSON-struktur."),
    "dict_type": gettext_lazy("Ogiltig JSON-struktur."),
    "greater_than_equal": gettext_lazy("Värdet är för litet."),
    "less_than_equal": gettext_lazy("Värdet är för stort."),
    "string_too_long": gettext_lazy("Texten är för lång."),
    "string_too_short": gettext_lazy("Texten är för kort."),
    "value_error": gettext_lazy("Ogiltigt värde."),
    "json_invalid": gettext_lazy("Ogiltig JSON."),
    "finite_number": gettext_lazy("Ange ett ändligt tal (inte NaN eller oändligt)."),
    "decimal_type": gettext_lazy("Ange ett belopp."),
    "decimal_max_digits": gettext_lazy("Beloppet har för många siffror."),
    "decimal_max_places": gettext_lazy("Beloppet har för många decimaler."),
    "decimal_whole_digits": gettext_lazy("Beloppet är för stort."),
    "less_than": gettext_lazy("Värdet är för stort."),
    "greater_than": gettext_lazy("Värdet är för litet."),
    "int_from_float": gettext_lazy("Ange ett heltal."),
    "float_parsing": gettext_lazy("Ange ett tal."),
    "float_type": gettext_lazy("Ange ett tal."),
    "bool_type": gettext_lazy("Ange sant eller falskt."),
    "string_unicode": gettext_lazy("Texten innehåller ogiltiga tecken."),
    "too_long": gettext_lazy("Listan är för lång."),
    "extra_forbidden": gettext_lazy("Okänt fält."),
    "union_tag_invalid": gettext_lazy("Okänt värde."),
    "missing_argument": gettext_lazy("Fältet är obligatoriskt."),
}


def _message(err: dict) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "free_text":  # skutan.core.text: the message is already translated
        return err.get("msg", gettext("Ogiltig text."))
    if kind == "string_too_long" and "max_length" in ctx:
        return gettext("Texten är för lång: högst %(max_length)s tecken.") % {"max_length": ctx['max_length']}
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than") and ctx:
        limit = next(iter(ctx.values()))
        return gettext("%(message)s Gräns: %(limit)s.") % {
            "message": _PYDANTIC_MESSAGES.get(kind, gettext("Ogiltigt värde.")), "limit": limit
        }
    return str(_PYDANTIC_MESSAGES.get(kind) or gettext("Ogiltigt värde."))


@api.exception_handler(ApplicationError)
def application_error(request, exc: ApplicationError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "payload", "query", "path")]
        field = ".".join(loc) or "body"
        errors.setdefault(field, []).append(_message(err))
    first = next(iter(errors), "body")
    return api.create_response(
        request,
        {
            "detail": gettext("Ogiltig indata: %(field)s. %(message)s") % {"field": first, "message": errors[first][0]},
            "field": first,
            "errors": errors,
        },
        status=400,
    )


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(request, {"detail": gettext("Inloggning krävs: ange en giltig API-nyckel.")}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    from skutan.core.error_views import MESSAGES

    return api.create_response(request, {"detail": str(MESSAGES[404])}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    from skutan.core.error_views import MESSAGES

    detail = str(MESSAGES.get(exc.status_code) or gettext("Begäran kunde inte utföras."))
    body = {"detail": detail}
    if exc.status_code == 400:  # an unreadable body: name it, as every other 400 names its field
        body.update(field="request", errors={"request": [detail]})
    return api.create_response(request, body, status=exc.status_code)


def _register_routers() -> None:
    from skutan.accounts.api_tokens import router as tokens_router
    from skutan.administration.api import router as administration_router
    from skutan.assistance.api import router as assistance_router
    from skutan.assistance.api_decisions import router as assistance_decisions_router
    from skutan.audit.api import router as audit_router
    from skutan.cases.api import router as cases_router
    from skutan.cases.api_documents import router as documents_router
    from skutan.children.api import router as children_router
    from skutan.followup.api import router as followup_router
    from skutan.governance.api import router as governance_router
    from skutan.mobile.api import router as mobile_router
    from skutan.payments.api import router as payments_router
    from skutan.people.api import router as people_router
    from skutan.quality.api import router as quality_router
    from skutan.staff.api import router as staff_router

    for router in (people_router, cases_router, documents_router, audit_router, children_router, assistance_router,
                   assistance_decisions_router, payments_router, followup_router, quality_router,
                   governance_router, staff_router, tokens_router, administration_router, mobile_router):
        api.add_router("", router)

_register_routers()
declare_common_errors(api)
