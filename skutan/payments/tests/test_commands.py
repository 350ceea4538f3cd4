from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from skutan.audit.models import AccessAction, AccessLog
from skutan.payments.models import Payment, PaymentRun, PaymentStatus, RunStatus
from skutan.payments.pain001 import validation_errors
from skutan.payments.tests.factories import bank_day


@pytest.fixture
def three_payable(staff, eb_case, protected_case, decide, verified_account):
    verified_account(eb_case.person)
    verified_account(protected_case.person)
    decide(eb_case, amount="5180")
    decide(protected_case, amount="3000")


def test_payments_run_prints_progress_and_writes_the_file(tmp_path, staff, three_payable, eb_case):
    out = StringIO()
    target = tmp_path / "betalfil.xml"
    call_command(
        "payments", "run", "--user", staff["eb_manager"].username, "--execution-date", bank_day().isoformat(),
        "--output", str(target), "--chunk-size", "1", "--here", stdout=out,
    )
    text = out.getvalue()
    lines = [line for line in text.splitlines() if line.startswith("[")]
    # two payments, one per step, then the file: 33 %, 66 %, 100 %
    assert [line.split("]")[1].split("%")[0].strip() for line in lines] == ["33", "66", "100"]
    assert "[" + "#" * 30 + "] 100 %" in text
    run = PaymentRun.objects.get()
    assert run.status == RunStatus.COMPLETED
    assert f"SHA-256 {run.file_sha256}" in text
    assert validation_errors(target.read_bytes()) == []
    assert target.read_bytes() == run.file_content.encode()
    export = AccessLog.objects.filter(action=AccessAction.EXPORT, channel="cli", person_id=eb_case.person_id)
    assert export.count() == 1


def test_payments_plan_is_idempotent(staff, three_payable):
    out = StringIO()
    call_command("payments", "plan", "--user", staff["eb_manager"].username, stdout=out)
    call_command("payments", "plan", "--user", staff["eb_manager"].username, stdout=out)
    assert out.getvalue().splitlines() == ["2 nya planerade utbetalningar.", "0 nya planerade utbetalningar."]
    assert Payment.objects.filter(status=PaymentStatus.PLANNED).count() == 2


def test_payments_run_needs_a_payment_user(staff, three_payable):
    with pytest.raises(CommandError, match="--user"):
        call_command("payments", "run", "--user", "", "--execution-date", bank_day().isoformat())
    with pytest.raises(CommandError, match="enhetschef"):
        call_command("payments", "run", "--user", staff["eb_worker"].username, "--execution-date", bank_day().isoformat())
    with pytest.raises(CommandError, match="redan varit"):
        call_command("payments", "run", "--user", staff["eb_manager"].username, "--execution-date", "2001-01-02")
    assert not PaymentRun.objects.exists()


# The worker closes and reopens its database connection between tasks, as it does in production: these tests
# commit for real (transaction=True) instead of running inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_payments_run_goes_through_the_background_worker(tmp_path, staff, three_payable, eb_case):
    """The default: the run is enqueued, a real database worker (db_worker --batch) carries it out, and the
    command follows the progress to the end."""
    from skutan.core.models import TaskProgress, TaskStatus
    from skutan.core.tasks import worker_run_pending

    out = StringIO()
    call_command("payments", "run", "--user", staff["eb_manager"].username, "--execution-date",
                 bank_day().isoformat(), "--no-wait", stdout=out)
    run = PaymentRun.objects.get()
    assert run.status == RunStatus.CREATED and "bakgrundskön" in out.getvalue()
    progress = TaskProgress.objects.get(kind="payments.run")
    assert progress.status == TaskStatus.QUEUED and progress.object_id == str(run.pk)
    worker_run_pending()
    run.refresh_from_db()
    progress.refresh_from_db()
    assert run.status == RunStatus.COMPLETED and validation_errors(run.file_content.encode()) == []
    assert (progress.status, progress.done, progress.total, progress.percent) == (TaskStatus.DONE, 2, 2, 100)
    assert progress.result["sha256"] == run.file_sha256


@pytest.mark.django_db(transaction=True)
def test_payments_run_with_the_worker_here_prints_the_end(tmp_path, staff, three_payable):
    out = StringIO()
    target = tmp_path / "fil.xml"
    call_command("payments", "run", "--user", staff["eb_manager"].username, "--execution-date",
                 bank_day().isoformat(), "--worker-here", "--output", str(target), stdout=out)
    run = PaymentRun.objects.get()
    assert run.status == RunStatus.COMPLETED
    assert "[" + "#" * 30 + "] 100 %" in out.getvalue()
    assert target.read_bytes() == run.file_content.encode()
