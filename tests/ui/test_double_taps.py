"""Double and triple taps 100–300 ms apart stop at the screen the first tap opened, on every change of screen.

The taps go to the window's QWindow, as a finger's do (a press, and for a quick second tap the double
click Qt makes of it), at the middle of the button the first tap aims at; the time is a fake clock.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import Context, visit
from kiosk.models import IdMethod
from kiosk.validation import VisitorGroup
from tests.helpers import FakeClock, finger, settle, tap, type_text
from ui.widgets import tapguard
from ui.window import KioskWindow

PRESS, DOUBLE, RELEASE = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseButtonRelease,
)


@pytest.fixture(autouse=True)
def guarded(window: KioskWindow, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The guard on, as in the kiosk, on the station's clock, which moves only when the test says."""
    monkeypatch.setattr(tapguard, "QUIET_S", 0.4)
    window.tapguard.clock = lambda: clock().timestamp()
    clock.advance(seconds=5)
    return clock


def taps(window: KioskWindow, clock: FakeClock, widget: QWidget, count: int, apart_s: float) -> None:
    """``count`` taps ``apart_s`` apart on the middle of ``widget``; the second and later are double clicks to Qt."""
    assert widget.isVisible(), f"{widget!r} is not on screen"
    at = widget.mapTo(window, widget.rect().center())
    for n in range(count):
        if n:
            clock.advance(seconds=apart_s)
        finger(window, at, (PRESS, RELEASE) if n == 0 else (PRESS, DOUBLE, RELEASE))
        QApplication.processEvents()


APART = [0.1, 0.2, 0.3]


@pytest.mark.parametrize("apart_s", APART)
@pytest.mark.parametrize("count", [2, 3])
def test_start_button_stops_at_the_services(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, count: int, apart_s: float
) -> None:
    seen: list[str] = []
    window.screen_changed.connect(seen.append)
    taps(window, clock, window.welcome.start_button, count, apart_s)
    assert window.current == "services" and seen == ["services"]
    assert window.draft.service is None
    assert window.tapguard.swallowed == count - 1


def test_five_quick_taps_stop_at_the_services_too(qtbot: QtBot, window: KioskWindow, clock: FakeClock) -> None:
    """The issue's five taps went through four screens."""
    taps(window, clock, window.welcome.start_button, 5, 0.25)
    assert window.current == "services"


def test_a_tap_after_the_quiet_time_is_the_visitor_s(qtbot: QtBot, window: KioskWindow, clock: FakeClock) -> None:
    taps(window, clock, window.welcome.start_button, 1, 0)
    clock.advance(seconds=0.5)
    taps(window, clock, window.picker.tile_for("welfare-card"), 1, 0)
    assert window.current == "group"


def to_screen(qtbot: QtBot, window: KioskWindow, clock: FakeClock, name: str) -> None:
    """Reach ``name`` with single taps the guard lets through (each after its quiet time)."""
    steps = ["welcome", "services", "group", "identify", "details", "privacy", "summary", "ticket"]
    actions = {
        "welcome": lambda: window.welcome.start_button,
        "services": lambda: window.picker.tile_for("welfare-card"),
        "group": lambda: window.group.buttons[VisitorGroup.GENERAL],
        "identify": lambda: window.identify.type_button,
        "details": lambda: window.details.next_button,
        "privacy": lambda: window.privacy.ok_button,
        "summary": lambda: window.summary.confirm_button,
    }
    for step in steps[: steps.index(name)]:
        assert window.current == step
        if step == "details":
            type_text(window.details.fields["full_name"], "สมหญิง ศรีสุข")
        clock.advance(seconds=1)
        taps(window, clock, actions[step](), 1, 0)
    assert window.current == name
    clock.advance(seconds=1)


CHANGES = [
    ("services", lambda w: w.picker.tile_for("welfare-card"), "group"),
    ("group", lambda w: w.group.buttons[VisitorGroup.DISABLED], "identify"),  # the priority lane's card
    ("identify", lambda w: w.identify.type_button, "details"),
    ("identify", lambda w: w.identify.thaid_button, "privacy"),
    ("details", lambda w: w.details.next_button, "privacy"),  # "ยอมรับ" of the notice sits where "ถัดไป" was
    ("privacy", lambda w: w.privacy.ok_button, "summary"),
    ("summary", lambda w: w.summary.confirm_button, "ticket"),
]


@pytest.mark.parametrize("apart_s", [0.1, 0.3])
@pytest.mark.parametrize(("start", "button", "then"), CHANGES, ids=[f"{a}-{c}" for a, _, c in CHANGES])
def test_every_change_of_screen_stops_a_triple_tap(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, start: str, button: object, then: str, apart_s: float
) -> None:
    """Three taps: the second and third are double clicks to Qt; the first one's screen takes neither."""
    to_screen(qtbot, window, clock, start)
    if start == "details":
        type_text(window.details.fields["full_name"], "สมหญิง ศรีสุข")
    seen: list[str] = []
    window.screen_changed.connect(seen.append)
    assert callable(button)
    taps(window, clock, button(window), 3, apart_s)
    assert window.current == then and seen == [then]
    settle(qtbot, window)
    assert window.current == then


@pytest.mark.parametrize("count", [2, 3])
def test_finish_on_the_ticket_stops_at_the_welcome_screen(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, count: int
) -> None:
    to_screen(qtbot, window, clock, "ticket")
    settle(qtbot, window)
    clock.advance(seconds=1)
    taps(window, clock, window.ticket.finish_button, count, 0.2)
    assert window.current == "welcome"


@pytest.mark.parametrize("count", [2, 3])
def test_a_rating_takes_one_score_and_its_thanks_take_no_tap(
    qtbot: QtBot, window: KioskWindow, app: Context, clock: FakeClock, count: int
) -> None:
    first = visit.register_visitor(
        app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
    )
    window.invite_rating(first.visit_id, first.label)
    QApplication.processEvents()  # the rating screen is painted: a tap before that would be swallowed
    clock.advance(seconds=1)
    rated: list[int] = []
    window.rating.rated.connect(rated.append)
    taps(window, clock, window.rating.faces[9], count, 0.2)
    assert rated == [9]
    qtbot.waitUntil(lambda: window.current == "welcome", timeout=3000)
    # The welcome screen came at this moment of the fake clock: a burst now is swallowed whole,
    taps(window, clock, window.welcome.start_button, count, 0.2)
    assert window.current == "welcome"
    # and a second later it opens the services, once.
    clock.advance(seconds=1)
    taps(window, clock, window.welcome.start_button, count, 0.2)
    assert window.current == "services"


def test_start_over_confirmation_takes_no_tap_of_the_burst(qtbot: QtBot, window: KioskWindow, clock: FakeClock) -> None:
    to_screen(qtbot, window, clock, "identify")
    taps(window, clock, window.identify.home_button, 3, 0.2)
    assert window.restart.isVisible() and window.current == "identify"
    clock.advance(seconds=1)
    taps(window, clock, window.restart.keep_button, 2, 0.2)
    assert not window.restart.isVisible() and window.current == "identify"


def test_the_guard_keeps_to_the_kiosk_window(qtbot: QtBot, window: KioskWindow, clock: FakeClock) -> None:
    """A tap through the widget itself (not the window) is the kiosk's own business, not the guard's."""
    window.tapguard.quiet()
    tap(qtbot, window.welcome.start_button)
    assert window.current == "services"


@pytest.mark.parametrize("count", [2, 3])
def test_a_double_tap_on_a_look_button_is_one_change(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, count: int
) -> None:
    """English, large text, high contrast: the second tap would switch back what the first switched on."""
    taps(window, clock, window.language_button, count, 0.2)
    qtbot.waitUntil(lambda: window.language_button.text_of() == "ภาษาไทย")
    for button in (window.large_button, window.contrast_button):
        clock.advance(seconds=1)
        taps(window, clock, button, count, 0.2)
        assert button.isChecked()
    QApplication.processEvents()
    assert window.language_button.text_of() == "ภาษาไทย"  # still English
    assert window.theme.large_text and window.theme.high_contrast


def test_a_double_tap_on_next_page_turns_one_page(qtbot: QtBot, window: KioskWindow, clock: FakeClock) -> None:
    to_screen(qtbot, window, clock, "services")
    taps(window, clock, window.picker.next_page, 2, 0.2)
    assert window.picker.page_label.text() == "หน้า 2 / 3"
    clock.advance(seconds=1)
    taps(window, clock, window.picker.next_page, 1, 0)
    assert window.picker.page_label.text() == "หน้า 3 / 3"


def test_the_guard_follows_the_window_into_another_one(qtbot: QtBot, window: KioskWindow, clock: FakeClock) -> None:
    """On Wayland the kiosk is put into one window with the desk (ui/outputs.py): its QWindow is then another."""
    span = QWidget()
    qtbot.addWidget(span)
    span.resize(window.width() * 2, window.height())
    window.setParent(span)
    window.move(0, 0)
    span.show()
    window.show()
    qtbot.waitExposed(span)
    handle = span.windowHandle()
    assert handle is not None
    at = window.welcome.start_button.mapTo(span, window.welcome.start_button.rect().center())
    for n in range(2):
        clock.advance(seconds=0.2 * n)
        for kind in (PRESS, RELEASE) if n == 0 else (PRESS, DOUBLE, RELEASE):
            held = Qt.MouseButton.NoButton if kind == RELEASE else Qt.MouseButton.LeftButton
            event = QMouseEvent(
                kind,
                QPointF(at),
                QPointF(span.mapToGlobal(at)),
                Qt.MouseButton.LeftButton,
                held,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(handle, event)
    assert window.current == "services" and window.tapguard.swallowed == 1
    window.setParent(None)


# Taps that waited: the UI thread was busy and handles them late, all at once --------------------------

T0 = 7_000_000  # the windowing system's milliseconds, on a clock of its own (X: since the server started)
BUSY_S = 1.0


def tap_then_busy(window: KioskWindow, clock: FakeClock, busy: str, queued: list[tuple[QPoint, int]]) -> None:
    """A tap on the start button made at T0 and handled at once; then the UI thread is busy for BUSY_S
    (``busy``: building the next screen, between its building and its painting, or after its painting),
    while the ``queued`` taps (where, ms after the first) are made; they are handled when it is free."""
    done: list[bool] = []

    def busy_now() -> None:
        if done:
            return
        done.append(True)
        for n, (at, after_ms) in enumerate(queued):
            # the second tap of a burst is a double click to Qt, the next ones are presses again
            kinds = (PRESS, DOUBLE, RELEASE) if n == 0 else (PRESS, RELEASE)
            finger(window, at, kinds, stamp_ms=T0 + after_ms, post=True)
        clock.advance(seconds=BUSY_S)

    if busy == "building":
        window.stack.currentChanged.connect(busy_now)  # in show_screen, before the tap guard hears of it
    elif busy == "before-paint":
        window.screen_changed.connect(busy_now)  # the screen is built and the guard told; not painted yet
    start = window.welcome.start_button
    finger(window, start.mapTo(window, start.rect().center()), stamp_ms=T0)
    if busy == "after-paint":
        QApplication.processEvents()  # painted
        busy_now()
    QApplication.processEvents()  # the queued taps, late
    assert done


def service_tile_at(qtbot: QtBot, window: KioskWindow, clock: FakeClock, code: str) -> QPoint:
    """Where a service's tile lies on the services screen (shown once to be laid out); back to the welcome screen."""
    window.show_screen("services")
    tile = window.picker.tile_for(code)
    qtbot.waitUntil(tile.isVisible)
    at = tile.mapTo(window, tile.rect().center())
    window.show_screen("welcome")
    QApplication.processEvents()
    clock.advance(seconds=5)
    return at


BUSY = ["building", "before-paint", "after-paint"]


@pytest.mark.parametrize("busy", BUSY)
def test_a_triple_tap_handled_late_stops_at_the_screen_its_first_tap_opened(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, busy: str
) -> None:
    """The second and third taps, 250 and 500 ms after the first, waited while the UI thread was busy:
    handled a second late, they are still the burst of the first (judged by the clock of their handling,
    the second went through)."""
    start = window.welcome.start_button
    at = start.mapTo(window, start.rect().center())
    seen: list[str] = []
    window.screen_changed.connect(seen.append)
    tap_then_busy(window, clock, busy, [(at, 250), (at, 500)])
    assert window.current == "services" and seen == ["services"]
    assert window.tapguard.swallowed == 2


@pytest.mark.parametrize("busy", BUSY)
def test_a_tap_made_before_the_new_screen_was_painted_never_acts_on_it(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, busy: str
) -> None:
    """After the burst (a tap 300 ms after the first), one more tap 800 ms after it, on a service's tile: made
    while the welcome screen was still on show (the services were being built, or not painted yet), it is
    swallowed; made after the services were painted, it is the visitor's, though it waited behind the burst."""
    tile_at = service_tile_at(qtbot, window, clock, "welfare-card")
    start = window.welcome.start_button
    tap_then_busy(window, clock, busy, [(start.mapTo(window, start.rect().center()), 300), (tile_at, 800)])
    if busy == "after-paint":
        assert window.current == "group"
        assert window.draft.service is not None and window.draft.service.code == "welfare-card"
        assert window.tapguard.swallowed == 1
    else:
        assert window.current == "services" and window.tapguard.swallowed == 2


def test_a_tap_with_no_believable_time_counts_as_made_when_handled(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock
) -> None:
    """X's 32-bit milliseconds wrap after 49 days (or another clock): a time that far off is not believed and
    never keeps the kiosk deaf; the tap is judged as made when it is handled."""
    start = window.welcome.start_button
    at = start.mapTo(window, start.rect().center())
    finger(window, at, stamp_ms=2**32 - 500)  # X's time, just before it wraps
    QApplication.processEvents()
    assert window.current == "services"
    tile = window.picker.tile_for("welfare-card")
    clock.advance(seconds=1)
    finger(window, tile.mapTo(window, tile.rect().center()), stamp_ms=500)  # a second later: "49 days earlier"
    assert window.current == "group"


def test_a_tap_made_before_a_late_paint_is_swallowed_and_one_well_after_it_is_not(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock
) -> None:
    """The services are built at once, painted 0.75 s later (the UI thread busy in between): a tap made 0.65 s
    after the first, handled just after the paint, was made on the welcome screen; one made 0.35 s after the
    paint (0.45 s after that tap) is the visitor's: a late paint starts no second quiet time."""
    tile_at = service_tile_at(qtbot, window, clock, "welfare-card")
    start = window.welcome.start_button
    finger(window, start.mapTo(window, start.rect().center()), stamp_ms=T0)
    assert window.current == "services"
    clock.advance(seconds=0.75)
    finger(window, tile_at, stamp_ms=T0 + 650, post=True)
    QApplication.sendPostedEvents(window, QEvent.Type.UpdateRequest)  # the paint, before the queued tap
    QApplication.processEvents()
    assert window.current == "services" and window.tapguard.swallowed == 1
    clock.advance(seconds=0.35)
    finger(window, tile_at, stamp_ms=T0 + 1100)
    assert window.current == "group"
