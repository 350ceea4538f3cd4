"""The dashboard's rows and chart points built in Python (skutan.followup.rendering) give exactly the HTML the
template rendered per cell before (measure_before.html is that template, kept as the reference)."""

from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from skutan.followup.selectors import followup_dashboard
from skutan.followup.views import _item

pytestmark = pytest.mark.django_db

BEFORE = (Path(__file__).parent / "measure_before.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_measure_renders_exactly_as_the_per_cell_template_did(decisions, units, language):
    # The seeded data has suppressed cells (<5), empty cells, an unfinished month, kronor, shares and decimals.
    engine = engines["django"]
    before, after = engine.from_string(BEFORE), engine.get_template("followup/_measure.html")
    request = RequestFactory().get("/uppfoljning/")
    with translation.override(language):
        for unit_ids in (None, [units["eb"].pk]):
            measures = followup_dashboard(unit_ids=unit_ids)
            assert any(m.suppressed for m in measures)
            for measure in measures:
                context = {**_item(measure, "/a.csv", "/a.xlsx"), "unit_query": "unit=1"}
                old, new = before.render(context, request), after.render(context, request)
                assert new == old, measure.key
                assert "<td" in new or not measure.rows
