"""The reporting router: reads inside reporting_reads() go to the replica when one is configured, every
write goes to the primary, and nothing is migrated on the replica. The real replica is tested by
`make replica-test` (scripts/replica/)."""

from django.conf import settings

from skutan.core.dbrouting import REPORTING, ReportingRouter, reporting_alias, reporting_reads
from skutan.people.models import Person


def test_without_a_replica_everything_reads_from_default():
    assert REPORTING not in settings.DATABASES
    router = ReportingRouter()
    with reporting_reads() as alias:
        assert alias == "default"
        assert router.db_for_read(Person) is None  # Django's default: the primary


def test_with_a_replica_only_reporting_reads_go_to_it(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, REPORTING, dict(settings.DATABASES["default"]))
    router = ReportingRouter()
    assert router.db_for_read(Person) is None
    with reporting_reads() as alias:
        assert alias == REPORTING == reporting_alias()
        assert router.db_for_read(Person) == REPORTING
        assert router.db_for_write(Person) == "default"
        with reporting_reads():
            pass
        assert router.db_for_read(Person) == REPORTING  # a nested block does not end the outer one
    assert router.db_for_read(Person) is None
    assert router.allow_migrate("default", "people") and not router.allow_migrate(REPORTING, "people")
