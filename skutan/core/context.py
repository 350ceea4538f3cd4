from dataclasses import dataclass


@dataclass(frozen=True)
class AccessContext:
    """Who reads, why, and through which channel. Every authorizing selector takes one."""

    user: object
    purpose: str = "Handläggning"
    channel: str = "web"
    path: str = ""

    @classmethod
    def from_request(cls, request, purpose: str = "Handläggning", channel: str = "web") -> "AccessContext":
        return cls(user=request.user, purpose=purpose, channel=channel, path=request.get_full_path()[:300])
