"""The Thai keyboard's input-sequence check (WTT 2.0) on a QLineEdit, for every way text comes in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit

from kiosk import wtt

_MOD = Qt.KeyboardModifier
_COMMAND_MODIFIERS = _MOD.ControlModifier | _MOD.AltModifier | _MOD.MetaModifier


class ThaiInput(QObject):
    """Keeps out of a line edit what a Thai keyboard refuses (``ค`` ``ำ`` ``ี`` gives ``คำ``).

    An event filter, not a QValidator: a validator sees only the text after the change, and also
    runs on ``setText()``, where it must not alter what the program puts in (a name read from a
    card, a note read from the register). The filter sees each way a person puts text in:

    - a key with text (a physical keyboard; Qt Virtual Keyboard's fallback key clicks);
    - a QInputMethodEvent (Qt Virtual Keyboard commits each key this way): its commit string is
      filtered in place, its preedit (a word being composed) is shown filtered;
    - the paste shortcut: the clipboard's text is filtered before it is inserted. Drops are off.

    A refused character leaves the text and the cursor as they were, silently (no beep).
    """

    def __init__(self, edit: QLineEdit, *, strict: bool = True) -> None:
        super().__init__(edit)
        self.edit = edit
        self.strict = strict
        self._resending = False
        edit.setAcceptDrops(False)
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.edit or self.edit.isReadOnly() or self._resending:
            return False
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._on_key(event)
        if event.type() == QEvent.Type.InputMethod:
            assert isinstance(event, QInputMethodEvent)
            return self._on_input_method(event)
        return False

    def _span(self) -> tuple[int, int]:
        """Where typed text goes: over the selection, or at the cursor."""
        edit = self.edit
        if edit.hasSelectedText():
            start = edit.selectionStart()
            return start, start + len(edit.selectedText())
        return edit.cursorPosition(), edit.cursorPosition()

    def _kept(self, inserted: str, start: int, end: int) -> str:
        text = self.edit.text()
        return wtt.filter_insert(text[:start], inserted, text[end:], strict=self.strict)

    def insert(self, text: str) -> None:
        """Insert at the cursor what the check keeps of ``text`` (as a paste would)."""
        kept = self._kept(text, *self._span())
        if kept:
            self.edit.insert(kept)

    def _on_key(self, event: QKeyEvent) -> bool:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.insert(QGuiApplication.clipboard().text())
            return True
        text = event.text()
        if not text or not text.isprintable() or event.modifiers() & _COMMAND_MODIFIERS:
            return False  # editing and navigation keys, shortcuts
        kept = self._kept(text, *self._span())
        if kept == text:
            return False
        if kept:
            self.edit.insert(kept)
        return True  # refused: the event stops here

    def _on_input_method(self, event: QInputMethodEvent) -> bool:
        # The text around the commit as QLineEdit will see it: the selection goes first, then
        # the replacement range, relative to the cursor, is taken out
        # (QWidgetLineControl::processInputMethodEvent).
        start, end = self._span()
        text = self.edit.text()
        text = text[:start] + text[end:]
        start = max(0, start + event.replacementStart())
        end = min(len(text), start + event.replacementLength())
        commit = event.commitString()
        kept = wtt.filter_insert(text[:start], commit, text[end:], strict=self.strict) if commit else commit
        before, after = text[:start] + kept, text[end:]
        preedit = event.preeditString()
        shown = wtt.filter_insert(before, preedit, after, strict=self.strict) if preedit else preedit
        if shown != preedit:
            # A preedit cannot be changed in place: send the edit an event with the kept part.
            size = len(shown)
            attributes = [
                QInputMethodEvent.Attribute(a.type, min(a.start, size), max(0, min(a.length, size - a.start)), a.value)
                for a in event.attributes()
            ]
            replacement = QInputMethodEvent(shown, attributes)
            replacement.setCommitString(kept, event.replacementStart(), event.replacementLength())
            self._resending = True
            try:
                QGuiApplication.sendEvent(self.edit, replacement)
            finally:
                self._resending = False
            event.accept()
            return True
        if kept != commit:
            event.setCommitString(kept, event.replacementStart(), event.replacementLength())
        return False


def thai_input(edit: QLineEdit, *, strict: bool = True) -> QLineEdit:
    """Apply the WTT 2.0 check to ``edit`` (kept alive as its child); returns the edit."""
    ThaiInput(edit, strict=strict)
    return edit
