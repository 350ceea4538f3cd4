"""Which database the follow-up reads go to."""

from django.conf import settings


def reporting_alias() -> str:
    """The ``reporting`` database (a read replica) when one is configured, else ``default``.

    Every reporting read of the follow-up selectors goes through ``.using(reporting_alias())``; the summary
    refresh writes and reads the primary."""
    return "reporting" if "reporting" in settings.DATABASES else "default"
