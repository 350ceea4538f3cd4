"""The error answers every API operation shares, declared in the OpenAPI document so that it is honest.

Each router declares the statuses its business rules give (403, 404, 409 …) in ``response={...}``; what
every operation can answer whatever it does is declared here once, by ``declare_common_errors``:

- 400: the input does not match the schema (skutan/api.py ``validation_error``), or the body is not JSON;
- 401: no valid API key or session;
- 413: the body is larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (operations that take a body).
"""

from ninja import Schema
from ninja.params.models import BodyModel, FileModel, FormModel


class Error(Schema):
    detail: str
    field: str | None = None
    errors: dict[str, list[str]] | None = None


def _takes_body(operation) -> bool:
    extra = getattr(operation, "openapi_extra", None) or {}
    return "requestBody" in extra or any(issubclass(m, (BodyModel, FormModel, FileModel)) for m in operation.models)


def declare_common_errors(api) -> None:
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                codes = [400, 401] + ([413] if _takes_body(operation) else [])
                for code in codes:
                    operation.response_models.setdefault(code, operation._create_response_model(Error))
