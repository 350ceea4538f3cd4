"""The seam for a municipality's identity provider (OIDC; see skutan/accounts/oidc.py).

An OIDC backend authenticates the person; Skutan then needs a local user with units and roles.
``user_for_claims`` is that mapping, kept here so the provider can change without touching access
control: roles stay managed in Skutan.
"""

from django.utils.translation import gettext

from skutan.accounts.models import User
from skutan.core.errors import AccessDeniedError

UNKNOWN_USER_MESSAGE = (
    "Du är inloggad hos kommunen men har inget konto i Skutan. Kontakta systemförvaltaren, "
    "som lägger upp ditt konto och dina behörigheter."
)
MATCH_FIELDS = ("username", "email")


def user_for_claims(*, claims: dict, username_claim: str = "preferred_username", field: str = "username") -> User:
    """Return the active local user for verified ID-token claims; never create one implicitly,
    since a user without units must not appear with default access.

    ``username_claim`` is the claim to read (e.g. ``email``, ``employee_number``); ``field`` the User
    field it is compared with (``username`` exactly, ``email`` case-insensitively)."""
    if field not in MATCH_FIELDS:
        raise ValueError(f"SKUTAN_OIDC_MATCH_FIELD must be one of {MATCH_FIELDS}, not {field!r}")
    value = str(claims.get(username_claim) or "").strip()
    if not value:
        raise AccessDeniedError(gettext("Inloggningen saknar uppgift om vem du är. Kontakta systemförvaltaren."))
    lookup = {"username": value} if field == "username" else {"email__iexact": value}
    matches = list(User.objects.filter(is_active=True, **lookup)[:2])
    if len(matches) != 1:
        # None, or two accounts with one e-mail address: never guess.
        raise AccessDeniedError(UNKNOWN_USER_MESSAGE)
    user = matches[0]
    updates = {k: claims[c] for k, c in (("first_name", "given_name"), ("last_name", "family_name"))
               if claims.get(c) and claims[c] != getattr(user, k)}
    if updates:
        # The provider's name is the current one (a changed surname, for example). The caller records the
        # change in the login's audit row (skutan/accounts/oidc.py).
        User.objects.filter(pk=user.pk).update(**updates)
        user.refresh_from_db()
    user.names_from_provider = updates
    return user
