"""Login throttling on top of django-axes: per account *from one address*, and per source address.

Policy (docs/security.md, "Inloggning"):

- ``SKUTAN_LOGIN_MAX_FAILURES`` failures for one username from one address lock that username *from that
  address* for ``SKUTAN_LOGIN_LOCKOUT_MINUTES``. The real user at another address is not locked out, so
  nobody can lock a colleague out from their own desk.
- ``SKUTAN_LOGIN_MAX_FAILURES_PER_ADDRESS`` failures from one address, whatever the usernames, lock that
  address for every username (password spraying). The limit is higher because a municipality's offices
  often reach Skutan through one NAT address.
- Unknown and known usernames are counted and answered the same way, so the answer never says whether an
  account exists.

Axes compares one number with one limit (``AXES_FAILURE_LIMIT``); this handler turns the two counts into
that number: the per-account count, or the limit itself once the address is over its own limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

# settings.AXES_LOCKOUT_PARAMETERS must be [["username", "ip_address"], "ip_address"]: get_user_attempts
# returns one queryset per entry, in that order.


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        per_account, per_address = self.get_user_attempts(request, credentials)
        if _failures(per_address) >= settings.SKUTAN_LOGIN_MAX_FAILURES_PER_ADDRESS:
            return settings.AXES_FAILURE_LIMIT  # = SKUTAN_LOGIN_MAX_FAILURES: locked
        return _failures(per_account)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that account's count from that address, never the address's count:
        otherwise one valid account would let an attacker reset the address limit while spraying."""
        per_account, _ = self.filter_user_attempts(request, credentials)
        count, _ = per_account.delete()
        return count


def client_ip_address(request) -> str | None:
    """REMOTE_ADDR, or the first address of ``SKUTAN_AXES_IP_HEADER`` when a trusted proxy sets it."""
    header = settings.SKUTAN_AXES_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
