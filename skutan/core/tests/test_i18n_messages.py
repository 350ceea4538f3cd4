"""Messages built in Python are translated too (docs/i18n.md).

An f-string is never translated: ``ApplicationError(f"Enheten {name} är stängd.")`` stays Swedish when English
is chosen. The scan below fails when an f-string with Swedish text is handed straight to something that shows it
to the user: an error the views and the API turn into a message, ``messages.<level>``, ``add_error``, an HTTP
response, or an e-mail. Write ``gettext("Enheten %(name)s är stängd.") % {"name": name}`` instead.

Not scanned: tests, migrations, management commands (operator text), the synthetic demo data (``demo`` modules)
and the letter builders (``letters*.py``: letters to citizens stay Swedish).
"""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

SKUTAN = Path(__file__).resolve().parents[2]
REPO = SKUTAN.parent
SWEDISH = re.compile("[åäöÅÄÖ]")

# Calls that show their text to the user. Every *Error class of the project (ApplicationError and its
# subclasses, AccountNumberError, Pain001Error …) is user-facing too; Python's own errors are not.
USER_FACING_CALLS = {
    "ValidationError", "PermissionDenied", "Http404", "HttpError", "UserFacingHttp404",
    "UserFacingPermissionDenied", "InvalidIdentityNumber", "add_error", "HttpResponse",
    "HttpResponseBadRequest", "HttpResponseForbidden", "HttpResponseNotFound", "JsonResponse",
    "send_mail", "send_mass_mail", "mail_admins", "EmailMessage", "EmailMultiAlternatives",
}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
PROGRAMMING_ERRORS = {
    "ValueError", "TypeError", "KeyError", "LookupError", "RuntimeError", "AssertionError", "NotImplementedError",
    "ImproperlyConfigured", "CommandError",
}


def _scanned_modules() -> list[Path]:
    return sorted(
        p for p in SKUTAN.rglob("*.py")
        if not {"tests", "migrations", "management", "demo"} & set(p.relative_to(SKUTAN).parts)
        and not p.name.startswith(("demo", "letters"))
    )


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id == "messages" and func.attr in MESSAGE_LEVELS:
            return "messages." + func.attr
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _user_facing(name: str) -> bool:
    if name.startswith("messages.") or name in USER_FACING_CALLS:
        return True
    return name.endswith("Error") and name not in PROGRAMMING_ERRORS


def _swedish_fstrings(node: ast.AST):
    """The f-strings with Swedish text in an argument, without entering nested calls (gettext(…) % {…})."""
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if SWEDISH.search(text):
            yield node
        return
    if isinstance(node, ast.Call | ast.Lambda):
        return
    for child in ast.iter_child_nodes(node):
        yield from _swedish_fstrings(child)


def untranslated_messages(path: Path) -> list[int]:
    """Lines where a Swedish f-string is passed straight to a user-facing call."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and _user_facing(_call_name(call)):
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                found.update(js.lineno for js in _swedish_fstrings(arg))
    return sorted(found)


def test_the_scan_finds_untranslated_messages(tmp_path):
    names = {str(p.relative_to(SKUTAN)) for p in _scanned_modules()}
    assert {"cases/services.py", "assistance/views.py", "payments/swedish_banks.py", "api.py"} <= names
    assert not names & {"assistance/demo.py", "demo/generator.py", "assistance/letters_decisions.py"}
    sample = tmp_path / "services.py"
    sample.write_text(
        "def case_close(*, case, request):\n"
        "    messages.success(request, f'Ärendet {case} är stängt.')\n"
        "    form.add_error(None, 'Ärendet ' + f'{case} är stängt.')\n"
        "    JsonResponse({'detail': f'Högst {n} MB.'}, status=413)\n"
        "    raise ApplicationError(\n"
        "        f'Enheten {case.unit} är stängd.', field='unit')\n"
        "def fine(case):\n"
        "    raise ConflictError(gettext('Enheten %(unit)s är stängd.') % {'unit': f'{case.unit}'})\n"
        "    raise ValueError(f'Okänd nyckel: {case}')\n"
        "    log.info(f'Ärende {case} stängt')\n",
        encoding="utf-8",
    )
    assert untranslated_messages(sample) == [2, 3, 4, 6]


def test_messages_for_the_user_are_never_swedish_f_strings():
    offenders = [f"{p.relative_to(REPO)}:{line}" for p in _scanned_modules() for line in untranslated_messages(p)]
    assert not offenders, (
        "An f-string is never translated: write gettext('… %(name)s …') % {'name': …} in "
        + ", ".join(offenders)
    )


# --- Converted messages come back in English through the real code paths ---------------------------------


@pytest.mark.django_db
def test_a_service_error_is_english_when_english_is_chosen(staff, units, person):
    from skutan.administration.services import unit_close
    from skutan.cases.services import case_open
    from skutan.core.errors import ApplicationError

    unit_close(actor=None, unit=units["eb"])
    with translation.override("en"), pytest.raises(ApplicationError) as closed:
        case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                  opening_kind="application")
    assert closed.value.message.startswith("The unit Ekonomiskt bistånd has been closed since 20")
    with translation.override("sv"), pytest.raises(ApplicationError) as swedish:  # and Swedish again
        case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                  opening_kind="application")
    assert swedish.value.message.startswith("Enheten Ekonomiskt bistånd är stängd sedan 20")


@pytest.mark.django_db
def test_an_api_error_is_english_when_the_client_asks_for_english(client, staff, person, token_for):
    response = client.post(
        "/api/v1/households",
        {"members": [{"person": person.pk, "role": "adult"}, {"person": person.pk, "role": "adult"}],
         "cohabiting": True, "since": "2025-01-01"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token_for(staff['eb_worker'])}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409, response.content
    assert response.json()["detail"] == "Household member 2: the person is listed twice."
    assert response.json()["field"] == "members[1].person"


@pytest.mark.django_db
def test_a_page_message_is_english_after_choosing_english(client, staff):
    client.force_login(staff["eb_worker"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/personer/ny/", {
        "identity_number": "19850231-1234", "identity_kind": "personnummer", "first_name": "Kim",
        "last_name": "Ek",
    })
    assert response.status_code == 400
    assert "The personal identity number contains a date that does not exist (850231)." in response.content.decode()
    response = client.post("/personer/ny/", {
        "identity_number": "19850228-1234", "identity_kind": "personnummer", "first_name": "Kim",
        "last_name": "Ek",
    }, follow=True)
    assert response.status_code == 200
    assert "Kim Ek is registered." in response.content.decode()
