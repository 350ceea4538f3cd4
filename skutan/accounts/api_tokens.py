"""API tokens over the API: list your own (a systemförvaltare: all), revoke (issue 8, part 5)."""

from datetime import datetime

from ninja import Router, Schema

from skutan.accounts import selectors, services
from skutan.core.apierrors import Error

router = Router(tags=["API-nycklar"])


class TokenOut(Schema):
    id: int
    user: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def resolve_user(obj) -> str:
        return obj.user.username


@router.get("/tokens", response={200: list[TokenOut], 401: Error})
def token_list(request):
    """The caller's own tokens; every token for a systemförvaltare."""
    return list(selectors.api_tokens_visible_to(user=request.user, all_users=True))


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, 401: Error, 404: Error})
def token_revoke(request, token_id: int):
    """Revoke at once. Your own tokens; a systemförvaltare any. Someone else's token answers 404."""
    token = selectors.api_token_get_for_user(user=request.user, token_id=token_id)
    return services.api_token_revoke(actor=request.user, token=token)
