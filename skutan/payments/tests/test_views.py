import re

import pytest

from skutan.audit.models import AccessAction, AccessLog
from skutan.payments.models import PayeeAccount, Payment, PaymentRun, PaymentStatus, Reversal, RunStatus
from skutan.payments.pain001 import validation_errors
from skutan.payments.services import payment_run_create, payment_run_execute
from skutan.payments.tests.factories import bank_day

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def payable(eb_case, decide, verified_account):
    verified_account(eb_case.person)
    return decide(eb_case, amount="5180")


def test_the_payments_page_is_for_payment_roles(login, staff, payable, system_admin):
    page = login(staff["eb_manager"]).get("/utbetalningar/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ny utbetalningskörning" in html and "demokonto" in html
    assert login(system_admin).get("/utbetalningar/").status_code == 200
    assert login(staff["eb_worker"]).get("/utbetalningar/").status_code == 403
    assert login(staff["bou_worker"]).get("/utbetalningar/").status_code == 403


def test_the_menu_shows_payments_to_the_unit_manager(login, staff):
    html = login(staff["eb_manager"]).get("/").content.decode()
    assert 'href="/utbetalningar/"' in html
    assert 'href="/utbetalningar/"' not in login(staff["eb_worker"]).get("/").content.decode()


def test_creating_a_run_hands_it_to_the_worker_and_the_page_polls_for_progress(login, staff, payable):
    from skutan.core.models import TaskProgress, TaskStatus

    client = login(staff["eb_manager"])
    response = client.post("/utbetalningar/korningar/ny/", {"execution_date": bank_day().isoformat()})
    run = PaymentRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/utbetalningar/korningar/{run.pk}/"
    task = TaskProgress.objects.get(kind="payments.run", object_id=str(run.pk))
    assert task.status == TaskStatus.QUEUED and task.owner_id == staff["eb_manager"].pk
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="/utbetalningar/korningar/{run.pk}/forlopp/"' in page
    assert 'hx-trigger="every 1s"' in page
    assert re.search(r'<progress[^>]*value="0"', page)
    assert "väntar på bakgrundsarbetaren" in page
    # Polling only reads: the run does not move without the worker.
    client.get(f"/utbetalningar/korningar/{run.pk}/forlopp/", **HTMX)
    run.refresh_from_db()
    assert run.status == RunStatus.CREATED and run.processed_count == 0


@pytest.mark.django_db(transaction=True)  # the worker commits and reconnects, as in production
def test_the_worker_carries_out_the_run_and_the_poll_shows_the_file(login, staff, payable):
    from skutan.core.tasks import worker_run_pending

    client = login(staff["eb_manager"])
    client.post("/utbetalningar/korningar/ny/", {"execution_date": bank_day().isoformat()})
    run = PaymentRun.objects.get()
    worker_run_pending()
    fragment = client.get(f"/utbetalningar/korningar/{run.pk}/forlopp/", **HTMX).content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    assert "100 %" in fragment and re.search(r'<progress[^>]*value="100"', fragment)
    assert "hx-trigger" not in fragment  # finished: the polling stops
    assert f"/utbetalningar/korningar/{run.pk}/fil/" in fragment


def test_the_step_url_hands_a_run_without_a_live_task_to_the_worker_again(login, staff, payable):
    from skutan.core.models import TaskProgress, TaskStatus

    client = login(staff["eb_manager"])
    run = payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    response = client.post(f"/utbetalningar/korningar/{run.pk}/steg/")
    assert response.status_code == 302
    assert TaskProgress.objects.filter(kind="payments.run", status=TaskStatus.QUEUED).count() == 1
    client.post(f"/utbetalningar/korningar/{run.pk}/steg/")  # a queued task is not doubled
    assert TaskProgress.objects.filter(kind="payments.run").count() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.CREATED  # nothing ran in the request


def test_a_bad_execution_date_shows_a_swedish_error(login, staff, payable):
    client = login(staff["eb_manager"])
    response = client.post("/utbetalningar/korningar/ny/", {"execution_date": "2001-01-01"})
    assert response.status_code == 400
    assert "har redan varit" in response.content.decode()
    empty = client.post("/utbetalningar/korningar/ny/", {"execution_date": ""})
    assert empty.status_code == 400 and "Ange utbetalningsdag." in empty.content.decode()
    assert not PaymentRun.objects.exists()


def test_downloading_the_file_is_logged_as_an_export_of_each_payee(login, staff, payable, eb_case):
    client = login(staff["eb_manager"])
    run = payment_run_execute(
        actor=staff["eb_manager"], run=payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    )
    before = AccessLog.objects.count()
    response = client.get(f"/utbetalningar/korningar/{run.pk}/fil/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{run.filename}"'
    assert validation_errors(response.content) == []
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert any(r.action == AccessAction.EXPORT and r.person_id == eb_case.person_id for r in rows)
    assert all(r.action == AccessAction.EXPORT for r in rows)


def test_marking_sent_and_then_confirming_and_reversing_a_payment(login, staff, payable):
    client = login(staff["eb_manager"])
    run = payment_run_execute(
        actor=staff["eb_manager"], run=payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    )
    assert client.post(f"/utbetalningar/korningar/{run.pk}/skickad/").status_code == 302
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SENT
    page = client.get(f"/utbetalningar/{payment.pk}/").content.decode()
    assert "Registrera återföring" in page
    assert client.post(f"/utbetalningar/{payment.pk}/status/", {"status": "confirmed"}).status_code == 302
    bad = client.post(f"/utbetalningar/{payment.pk}/aterforing/", {"amount": "0", "reason": "x"})
    assert bad.status_code == 400 and "större än 0 kr" in bad.content.decode()
    ok = client.post(f"/utbetalningar/{payment.pk}/aterforing/", {"amount": "100,50", "reason": "Återbetalt"})
    assert ok.status_code == 302
    assert str(Reversal.objects.get().amount) == "100.50"


def test_a_caseworker_sees_the_payment_but_cannot_change_it(login, staff, payable):
    run = payment_run_execute(
        actor=staff["eb_manager"], run=payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    )
    payment = run.payments.get()
    client = login(staff["eb_worker"])
    page = client.get(f"/utbetalningar/{payment.pk}/")
    assert page.status_code == 200 and "Ändra status" not in page.content.decode()
    assert client.post(f"/utbetalningar/{payment.pk}/status/", {"status": "sent"}).status_code == 403
    assert login(staff["bou_worker"]).get(f"/utbetalningar/{payment.pk}/").status_code == 404


def test_registering_and_verifying_an_account(login, staff, eb_case):
    url = f"/utbetalningar/konto/{eb_case.person_id}/"
    worker = login(staff["eb_worker"])
    assert worker.get(url).status_code == 200
    bad = worker.post(url, {"iban": "SE4550000000058398257467"})
    assert bad.status_code == 400 and "kontrollsiffror" in bad.content.decode()
    assert worker.post(url, {"clearing_number": "8327-9", "account_number": "123456782"}).status_code == 302
    account = PayeeAccount.objects.get()
    verify = f"/utbetalningar/konto/{eb_case.person_id}/{account.pk}/verifiera/"
    worker.post(verify)
    account.refresh_from_db()
    assert not account.verified  # the one who registered it may not verify it
    login(staff["eb_worker2"]).post(verify)
    account.refresh_from_db()
    assert account.verified and account.verified_by == staff["eb_worker2"]
    assert login(staff["bou_worker"]).get(url).status_code == 404


def test_a_protected_payees_address_is_not_shown(login, staff, protected_case, decide, verified_account):
    verified_account(protected_case.person)
    decide(protected_case)
    run = payment_run_execute(
        actor=staff["eb_manager"], run=payment_run_create(actor=staff["eb_manager"], execution_date=bank_day())
    )
    client = login(staff["eb_manager"])
    for url in (f"/utbetalningar/{run.payments.get().pk}/", f"/utbetalningar/konto/{protected_case.person_id}/",
                f"/utbetalningar/korningar/{run.pk}/"):
        html = client.get(url).content.decode()
        assert "Hemliga vägen" not in html, url
    assert "Skyddade personuppgifter" in client.get(f"/utbetalningar/{run.payments.get().pk}/").content.decode()
