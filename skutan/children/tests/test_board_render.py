"""The board's assignment options (children_board.assign_options) render as the template loop they replaced."""

from types import SimpleNamespace

from django.template import Context, Template

from skutan.children.templatetags.children_board import assign_options

OLD_LOOP = Template(
    '{% for w in workers %}<option value="{{ w.pk }}"{% for a in case.current_assignments %}'
    '{% if a.user_id == w.pk %} selected{% endif %}{% endfor %}>{{ w.display_name }}</option>{% endfor %}'
)


def _worker(pk, name):
    return SimpleNamespace(pk=pk, display_name=name)


def test_assign_options_equal_the_template_loop():
    workers = [_worker(1, "Anna Ek"), _worker(2, "Bo <Björk> & co"), _worker(3, 'Cia "C" Al')]
    for assigned in ([], [2], [1, 3], [2, 2], [9]):
        case = SimpleNamespace(current_assignments=[SimpleNamespace(user_id=u) for u in assigned])
        old = OLD_LOOP.render(Context({"workers": workers, "case": case}))
        assert assign_options(workers, case) == old
    assert assign_options(None, SimpleNamespace()) == OLD_LOOP.render(Context({"workers": None, "case": None}))
