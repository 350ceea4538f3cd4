"""The pain.001 writer keeps its bytes: the files in tests/data/ were written by the first (ElementTree)
writer, before the writer was rebuilt on lxml for speed. A change here changes what the bank receives."""

from pathlib import Path

import pytest

from skutan.payments.pain001 import build_pain001, validation_errors
from skutan.payments.tests.golden_batches import batches

DATA = Path(__file__).with_name("data")


@pytest.mark.parametrize("name", ["full", "plain"])
def test_the_file_is_byte_for_byte_the_one_kept(name):
    xml = build_pain001(batches()[name])
    assert xml == (DATA / f"pain001_{name}.xml").read_bytes()
    assert validation_errors(xml) == []
