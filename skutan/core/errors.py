"""Domain errors. Services raise these; web views and the API turn them into messages and statuses."""


class ApplicationError(Exception):
    """Bad input or a broken rule. ``message`` is Swedish and shown to the user (HTTP 400)."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}

    def as_dict(self) -> dict:
        body = {"detail": self.message}
        if self.field:
            body["field"] = self.field
            body["errors"] = {self.field: [self.message]}
        body.update(self.extra)
        return body


class ConflictError(ApplicationError):
    """The stored state forbids the change: a duplicate, a signed entry, or a concurrent edit (HTTP 409)."""

    status = 409


class TooLargeError(ApplicationError):
    """The upload is larger than the limit (HTTP 413)."""

    status = 413


class NotFoundError(ApplicationError):
    """Missing, or not visible to this user: we never reveal which (HTTP 404)."""

    status = 404


class AccessDeniedError(ApplicationError):
    """The user is known but lacks the role for this action (HTTP 403)."""

    status = 403
