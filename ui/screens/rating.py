"""The quick rating: the visitor's ticket, a 0–10 scale of big faces, one tap; the face tapped stays lit with
the thanks for a moment, so the visitor sees the score was taken."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel

from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.thailabel import ThaiLabel

SCALE_MAX = 10


FACES = (1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5)


def face_for(score: int) -> str:
    """Five faces over eleven scores: 0–2, 3–4, 5–6, 7–8, 9–10."""
    return f"face-{FACES[score]}"


class RatingScreen(Screen):
    """Signals:
    rated(int): the score tapped.
    finished(): thanks shown, or the visitor walked away.
    """

    rated = Signal(int)
    finished = Signal()

    def __init__(self, theme: Theme, *, thanks_ms: int = 4000) -> None:
        super().__init__(theme, nav=False)
        self._label = ""
        self._thanked = False
        self.chosen: int | None = None
        self.question = ThaiLabel()
        self.question.setProperty("role", "subtitle")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content.addStretch(1)
        self.content.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(theme.px(12))
        self.faces: list[TouchButton] = []
        for score in range(SCALE_MAX + 1):
            button = TouchButton(
                theme,
                icon=face_for(score),
                role="face",
                icon_size=84,
                vertical=True,
                align=Qt.AlignmentFlag.AlignCenter,
                wrap=False,
            )
            button.set_text(str(score))
            button.clicked.connect(lambda _=False, s=score: self._on_face_clicked(s))
            self.faces.append(button)
            row.addWidget(button, 1)
        self.content.addLayout(row)
        self.ends = QHBoxLayout()
        self.low = QLabel()
        self.high = QLabel()
        for label in (self.low, self.high):
            label.setProperty("role", "muted")
        self.ends.addWidget(self.low)
        self.ends.addStretch(1)
        self.ends.addWidget(self.high)
        self.content.addLayout(self.ends)
        self.note = ThaiLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content.addWidget(self.note)
        self.content.addStretch(1)
        self.skip = TouchButton(theme, icon="close", icon_size=56, wrap=False)
        self.skip.clicked.connect(self.finished)
        skip_row = QHBoxLayout()
        skip_row.addStretch(1)
        skip_row.addWidget(self.skip)
        self.content.addLayout(skip_row)
        self._thanks = QTimer(self)
        self._thanks.setSingleShot(True)
        self._thanks.setInterval(thanks_ms)
        self._thanks.timeout.connect(self.finished)
        self.retranslate()

    @property
    def label(self) -> str:
        """The ticket of the visitor invited."""
        return self._label

    @property
    def thanked(self) -> bool:
        return self._thanked

    def invite(self, ticket_label: str) -> None:
        self._label = ticket_label
        self._thanked = False
        self._choose(None)
        self.retranslate()

    def thank(self, score: int | None = None) -> None:
        """The score was taken: its face lit, the others dimmed, the thanks said; then ``finished``."""
        self._thanked = True
        self._choose(score)
        self.retranslate()
        self._thanks.start()

    def _choose(self, score: int | None) -> None:
        self.chosen = score
        for value, button in enumerate(self.faces):
            button.setEnabled(score is None or value == score)
            button.set_flag("on", value == score)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("คิว %1 ขอบคุณที่มาใช้บริการ").replace("%1", self._label))
        self.question.setText(
            self.tr("ได้รับคะแนน %1 แล้ว ขอบคุณ ขอให้โชคดี").replace("%1", str(self.chosen))
            if self._thanked and self.chosen is not None
            else self.tr("ขอบคุณสำหรับคะแนน ขอให้โชคดี")
            if self._thanked
            else self.tr("ท่านพอใจบริการวันนี้เพียงใด แตะหน้ายิ้มหนึ่งครั้ง (0 = ไม่พอใจ, 10 = พอใจมาก)")
        )
        self.low.setText(self.tr("ไม่พอใจ"))
        self.high.setText(self.tr("พอใจมาก"))
        self.note.setText(self.tr("กรุณาตอบแบบสำรวจความพึงพอใจของ ก.พ.ร. จากใบที่เจ้าหน้าที่มอบให้ด้วย"))
        self.skip.set_text(self.tr("ข้าม"))

    def _on_face_clicked(self, score: int) -> None:
        if not self._thanked:
            self.rated.emit(score)
            self.thank(score)

    def reset(self) -> None:
        self._thanks.stop()

    def hideEvent(self, event: QHideEvent) -> None:
        self._thanks.stop()
        super().hideEvent(event)
