"""The three sizes of the generated municipality, the generate command and its progress bar."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from skutan.accounts.models import Role
from skutan.demo.generator import ProgressBar
from skutan.demo.scales import SCALES, Scale, scale_of
from skutan.demo.staff import _seats


def test_a_scale_is_a_float_with_its_size_factors():
    stockholm = scale_of("stockholm")
    assert stockholm is SCALES["stockholm"].scale
    assert 2 * stockholm == 2 * float(stockholm)  # the plug-ins multiply by ctx.scale
    assert (stockholm.name, stockholm.unit_count) == ("stockholm", 12)
    assert scale_of(0.5) == 0.5 and scale_of(0.5).unit_count == 1
    assert scale_of(Scale(2.0, name="x")).name == "x"
    with pytest.raises(ValueError, match="Okänd skala"):
        scale_of("göteborg")


def test_the_demo_keeps_one_unit_of_each_kind_with_its_usernames():
    seats = _seats(SCALES["filipstad"].scale)
    assert len({(s.unit_kind, s.district) for s in seats}) == len({s.unit_kind for s in seats})
    assert {"eb.handlaggare1", "eb.chef", "bou.tidigare3", "admin"} <= {s.username for s in seats}


@pytest.mark.parametrize("name, units", [("karlstad", 2), ("stockholm", 12)])
def test_the_larger_scales_have_several_units_of_each_kind(name, units):
    scale = SCALES[name].scale
    seats = _seats(scale)
    active = Counter((s.unit_kind, s.district) for s in seats if s.role == Role.CASEWORKER and s.kind == "caseworker")
    per_kind = Counter(kind for kind, _ in active)
    assert set(per_kind.values()) == {units}
    if scale.unit_caseworkers:  # a Stockholm stadsdel unit has 30–60 handläggare
        low, high = scale.unit_caseworkers
        assert all(low <= n <= high for n in active.values()), active
    assert len({s.username for s in seats}) == len(seats)


def test_the_progress_bar_draws_one_line_and_ends_it():
    out = io.StringIO()
    bar = ProgressBar(out)
    bar("journal", 0, 200)
    bar("journal", 200, 200)
    lines = out.getvalue()
    assert lines.endswith("\n") and lines.count("\n") == 1
    assert "[" + "#" * 30 + "]" in lines and "200/200" in lines


@pytest.mark.django_db
def test_generate_refuses_a_database_with_a_real_person():
    from skutan.people.services import person_create

    person_create(actor=None, identity_number="19811218-9876", first_name="Verklig", last_name="Person")
    with pytest.raises(CommandError, match="inte är syntetiska"):
        call_command("generate", "--scale", "filipstad", "--no-progress", stdout=io.StringIO())
