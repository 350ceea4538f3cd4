from datetime import UTC, datetime

from skutan.core.templatetags.skutan import event_lines


def test_event_lines_formats_in_stockholm_time_and_escapes():
    history = [
        {"at": datetime(2026, 1, 15, 9, 30, tzinfo=UTC), "who": "Anna <b>", "what": "Ärendet & mer"},
        {"at": datetime(2026, 7, 1, 22, 5, tzinfo=UTC), "who": "Systemet", "what": "Ärendet avslutades"},
    ]
    assert event_lines(history) == (
        "<li>2026-01-15 10:30 · Anna &lt;b&gt; · Ärendet &amp; mer</li>"
        "<li>2026-07-02 00:05 · Systemet · Ärendet avslutades</li>"
    )


def test_event_lines_of_no_events_is_empty():
    assert event_lines([]) == ""
