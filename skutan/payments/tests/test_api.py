import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skutan.audit.models import AccessAction, AccessLog
from skutan.payments.models import Payment, PaymentRun, PaymentStatus, Reversal, RunStatus
from skutan.payments.pain001 import validation_errors
from skutan.payments.tests.factories import bank_day


@pytest.fixture
def payable(eb_case, decide, verified_account):
    verified_account(eb_case.person)
    return decide(eb_case, amount="5180.50")


def _run_to_the_end(client) -> dict:
    """POST a run (202: handed to the worker), let the real worker run it, and return the run as GET shows it."""
    from skutan.core.tasks import worker_run_pending

    response = client.post("/payment-runs", {"execution_date": bank_day().isoformat()})
    assert response.status_code == 202, response.content
    worker_run_pending()
    return client.get(response.json()["progress_url"].removeprefix("/api/v1")).json()


def test_post_payment_runs_hands_the_run_to_the_worker_and_answers_202(api, staff, payable, eb_case):
    from skutan.core.models import TaskProgress

    response = api(staff["eb_manager"]).post("/payment-runs", {"execution_date": bank_day().isoformat()})
    assert response.status_code == 202, response.content
    body = response.json()
    run = PaymentRun.objects.get(pk=body["id"])
    # Nothing is included in the request: the worker does it.
    assert body["status"] == RunStatus.CREATED and body["processed_count"] == 0 and body["file_url"] is None
    assert body["total_count"] == 1 and Decimal(body["total_amount"]) == Decimal("5180.50")
    assert body["progress_url"] == f"/api/v1/payment-runs/{run.pk}" == response["Location"]
    task = TaskProgress.objects.get(kind="payments.run")
    assert body["task_id"] == task.pk and body["task_status"] == "queued"
    assert Payment.objects.get().status == PaymentStatus.PLANNED


@pytest.mark.django_db(transaction=True)  # the worker commits and reconnects, as in production
def test_the_worker_completes_the_run_and_get_shows_its_progress(api, staff, payable, eb_case):
    body = _run_to_the_end(api(staff["eb_manager"]))
    assert body["status"] == "completed" and body["percent"] == 100 and body["task_status"] == "done"
    run = PaymentRun.objects.get(pk=body["id"])
    assert body["file_sha256"] == run.file_sha256 != ""
    assert body["file_url"] == f"/api/v1/payment-runs/{run.pk}/file"
    assert Payment.objects.get().status == PaymentStatus.INCLUDED


@pytest.mark.django_db(transaction=True)
def test_get_payment_run_and_its_file(api, staff, payable, eb_case):
    client = api(staff["eb_manager"])
    run_id = _run_to_the_end(client)["id"]

    detail = client.get(f"/payment-runs/{run_id}")
    assert detail.status_code == 200 and detail.json()["id"] == run_id

    before = AccessLog.objects.count()
    file = client.get(f"/payment-runs/{run_id}/file")
    assert file.status_code == 200
    assert file["Content-Type"].startswith("application/xml")
    assert "attachment" in file["Content-Disposition"] and ".xml" in file["Content-Disposition"]
    assert validation_errors(file.content) == []
    assert hashlib.sha256(file.content).hexdigest() == file["X-Content-SHA256"]
    exports = AccessLog.objects.order_by("id")[before:]
    assert any(r.action == AccessAction.EXPORT and r.person_id == eb_case.person_id and r.channel == "api" for r in exports)


def test_the_run_list_shows_each_runs_task(api, staff, payable):
    client = api(staff["eb_manager"])
    run_id = client.post("/payment-runs", {"execution_date": bank_day().isoformat()}).json()["id"]
    (listed,) = client.get("/payment-runs").json()
    assert listed["id"] == run_id and listed["task_status"] == "queued"


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "execution_date"), ({"execution_date": "25 maj"}, "execution_date"), ({"execution_date": "2026-02-30"}, "execution_date")],
)
def test_bad_input_is_400_in_swedish_and_nothing_is_saved(api, staff, payable, payload, field):
    response = api(staff["eb_manager"]).post("/payment-runs", payload)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert "Ange" in body["detail"] or "obligatoriskt" in body["detail"]
    assert not PaymentRun.objects.exists() and not Payment.objects.exists()


def test_a_past_execution_date_is_400(api, staff, payable):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = api(staff["eb_manager"]).post("/payment-runs", {"execution_date": yesterday})
    assert response.status_code == 400
    assert response.json()["field"] == "execution_date"
    assert "redan varit" in response.json()["detail"]
    assert not PaymentRun.objects.exists()


def test_nothing_to_pay_is_409(api, staff, eb_case):
    response = api(staff["eb_manager"]).post("/payment-runs", {"execution_date": bank_day().isoformat()})
    assert response.status_code == 409
    assert "inga planerade utbetalningar" in response.json()["detail"]


def test_a_second_run_while_the_first_is_unfinished_is_409(api, staff, payable):
    client = api(staff["eb_manager"])
    assert client.post("/payment-runs", {"execution_date": bank_day().isoformat()}).status_code == 202
    again = client.post("/payment-runs", {"execution_date": bank_day().isoformat()})
    assert again.status_code == 409
    assert Payment.objects.get().run_id == PaymentRun.objects.get().pk


@pytest.mark.django_db(transaction=True)
def test_executing_a_finished_run_is_409(api, staff, payable):
    client = api(staff["eb_manager"])
    run_id = _run_to_the_end(client)["id"]
    response = client.post(f"/payment-runs/{run_id}/execute")
    assert response.status_code == 409
    assert "redan klar" in response.json()["detail"]


def test_the_file_of_an_unfinished_run_is_409(api, staff, payable):
    client = api(staff["eb_manager"])
    run_id = client.post("/payment-runs", {"execution_date": bank_day().isoformat()}).json()["id"]
    response = client.get(f"/payment-runs/{run_id}/file")
    assert response.status_code == 409
    assert response.json()["detail"] == "Betalfilen är inte klar än."


@pytest.mark.django_db(transaction=True)
def test_execute_hands_an_interrupted_run_to_the_worker_once(api, staff, payable):
    from skutan.core.models import TaskProgress
    from skutan.core.tasks import worker_run_pending
    from skutan.payments.services import payment_run_create

    run = payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())  # created, no task yet
    client = api(staff["eb_manager"])
    first = client.post(f"/payment-runs/{run.pk}/execute")
    assert first.status_code == 202 and first.json()["task_status"] == "queued"
    second = client.post(f"/payment-runs/{run.pk}/execute")  # the task is still queued: not enqueued twice
    assert second.status_code == 202 and second.json()["task_id"] == first.json()["task_id"]
    assert TaskProgress.objects.filter(kind="payments.run").count() == 1
    worker_run_pending()
    detail = client.get(f"/payment-runs/{run.pk}").json()
    assert detail["status"] == RunStatus.COMPLETED and detail["task_status"] == "done"
    assert client.get(f"/payment-runs/{run.pk}/file").status_code == 200


def test_a_caseworker_may_not_create_runs_nor_see_them(api, staff, payable):
    response = api(staff["eb_worker"]).post("/payment-runs", {"execution_date": bank_day().isoformat()})
    assert response.status_code == 403
    created = api(staff["eb_manager"]).post("/payment-runs", {"execution_date": bank_day().isoformat()})
    assert created.status_code == 202
    run_id = created.json()["id"]
    assert api(staff["eb_worker"]).post(f"/payment-runs/{run_id}/execute").status_code == 404
    assert api(staff["eb_worker"]).get(f"/payment-runs/{run_id}").status_code == 404
    assert api(staff["bou_worker"]).get(f"/payment-runs/{run_id}/file").status_code == 404
    assert api(staff["eb_worker"]).get("/payment-runs").json() == []


@pytest.mark.django_db(transaction=True)
def test_payment_status_and_reversal_through_the_api(api, staff, payable):
    client = api(staff["eb_manager"])
    run_id = _run_to_the_end(client)["id"]
    assert client.post(f"/payment-runs/{run_id}/sent").json()["status"] == "sent"
    payment = Payment.objects.get()
    confirmed = client.post(f"/payments/{payment.pk}/status", {"status": "confirmed"})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    backwards = client.post(f"/payments/{payment.pk}/status", {"status": "sent"})
    assert backwards.status_code == 409

    too_much = client.post(f"/payments/{payment.pk}/reversals", {"amount": "6000", "reason": "Fel"})
    assert too_much.status_code == 400 and too_much.json()["field"] == "amount"
    not_a_number = client.post(f"/payments/{payment.pk}/reversals", {"amount": "mycket", "reason": "Fel"})
    assert not_a_number.status_code == 400 and not_a_number.json()["field"] == "amount"
    assert not Reversal.objects.exists()

    created = client.post(f"/payments/{payment.pk}/reversals", {"amount": "180.50", "reason": "Dubbel hyra"})
    assert created.status_code == 201
    detail = client.get(f"/payments/{payment.pk}").json()
    assert Decimal(detail["reversed_amount"]) == Decimal("180.50")
    assert Decimal(detail["amount"]) == Decimal("5180.50")


def test_payment_runs_appear_in_the_openapi_document(api, staff):
    schema = api(staff["eb_manager"]).get("/openapi.json").json()
    assert "/api/v1/payment-runs" in schema["paths"]
    assert "/api/v1/payment-runs/{run_id}/file" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/payment-runs"]
