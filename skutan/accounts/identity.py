"""The seam for a municipality's identity provider (OIDC).

An OIDC backend (for example mozilla-django-oidc's ``OIDCAuthenticationBackend``) authenticates the
person; Skutan then needs a local user with units and roles. ``user_for_claims`` is that mapping, kept
here so the provider can change without touching access control: roles stay managed in Skutan.
"""

from skutan.accounts.models import User
from skutan.core.errors import AccessDeniedError


def user_for_claims(*, claims: dict, username_claim: str = "preferred_username") -> User:
    """Return the active local user for verified ID-token claims; never create one implicitly,
    since a user without units must not appear with default access."""
    username = (claims.get(username_claim) or "").strip()
    if not username:
        raise AccessDeniedError("Inloggningen saknar användarnamn.")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise AccessDeniedError("Du saknar konto i Skutan. Kontakta systemförvaltaren.")
    updates = {k: claims[c] for k, c in (("first_name", "given_name"), ("last_name", "family_name")) if claims.get(c)}
    if updates:
        User.objects.filter(pk=user.pk).update(**updates)
        user.refresh_from_db()
    return user
