"""The visitor types the name (Thai keyboard) and, if they wish, the ID and phone (digit keyboard)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from ui import i18n
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.idfield import IdField
from ui.widgets.messageline import MessageLine
from ui.widgets.thaiinput import thai_input

if TYPE_CHECKING:
    from kiosk.idcard import CardIdentity
    from kiosk.register import VisitorDetails

FIELDS = ("full_name", "national_id", "phone")
# Where each field's error goes (row, column, span): one line kept under the name across the
# screen; under the ID and the phone, from their labels, so a message has the width of one line.
ERROR_PLACES = {"full_name": (1, 1, 3), "national_id": (3, 0, 2), "phone": (3, 2, 2)}


class DetailsScreen(Screen):
    """A short form; every problem is said in plain words next to its field.

    Filled from an ID card, it shows the name and the ID masked for the visitor to confirm;
    the ID itself stays in :attr:`card` and is never put on screen. Changing the name or
    the ID drops the card: the visitor then types, as without one.

    Signals:
        submitted(object): the checked VisitorDetails.
    """

    submitted = Signal(object)

    def __init__(self, theme: Theme, keyboard: QWidget | None = None) -> None:
        # No title line: the field labels say what to type, and the keyboard needs the height.
        super().__init__(theme, title=False)
        px = theme.px
        grid = QGridLayout()
        grid.setHorizontalSpacing(px(24))
        grid.setVerticalSpacing(px(6))
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, MessageLine] = {}
        # The name across the width, the ID and phone side by side: room for the keyboard below.
        places = {"full_name": (0, 0, 3), "national_id": (2, 0, 1), "phone": (2, 2, 1)}
        for name in FIELDS:
            label = QLabel()
            label.setProperty("role", "subtitle")
            field = IdField() if name == "national_id" else QLineEdit()
            field.setObjectName(name)
            # Always there, empty when all is well: an error appearing moves nothing below it.
            error = MessageLine(lines=1)
            error.setObjectName(f"{name}-error")
            if name == "full_name":
                field.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
                field.setMaxLength(100)
                thai_input(field)
            elif name == "phone":
                field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhNoPredictiveText)
                field.setValidator(QRegularExpressionValidator(QRegularExpression(r"[+0-9๐-๙ \-]{0,16}"), field))
            field.textEdited.connect(lambda _t, n=name: self._on_field_edited(n))
            self.labels[name], self.fields[name], self.errors[name] = label, field, error
            row, column, span = places[name]
            grid.addWidget(label, row, column)
            grid.addWidget(field, row, column + 1, 1, span)
            grid.addWidget(error, *ERROR_PLACES[name][:2], 1, ERROR_PLACES[name][2])
        self.card: CardIdentity | None = None
        self.card_note = QLabel()
        self.card_note.setObjectName("card-note")
        self.card_note.setProperty("role", "body")
        self.card_note.setWordWrap(True)
        keep = self.card_note.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # the keyboard stays put when the visitor starts typing
        self.card_note.setSizePolicy(keep)
        self.card_note.hide()
        grid.addWidget(self.card_note, 4, 0, 1, 2)
        self.consent = QCheckBox()
        grid.addWidget(self.consent, 4, 2, 1, 2)  # under the phone, from its label
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.content.addLayout(grid)
        self.next_button = TouchButton(theme, icon="next", role="primary", icon_size=56, wrap=False)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.add_forward(self.next_button)
        self.keyboard: QWidget | None = None
        self.content.addStretch(1)
        if keyboard is not None:
            self.set_keyboard(keyboard)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("พิมพ์ชื่อของท่าน"))
        self.labels["full_name"].setText(self.tr("ชื่อ-นามสกุล"))
        self.labels["national_id"].setText(self.tr("เลขประจำตัว\nประชาชน"))
        self.labels["phone"].setText(self.tr("โทรศัพท์"))
        self.fields["full_name"].setPlaceholderText(self.tr("เช่น สมชาย ใจดี"))
        self.fields["national_id"].setPlaceholderText(self.tr("13 หลัก (ไม่บังคับ)"))
        self.fields["phone"].setPlaceholderText(self.tr("ไม่บังคับ"))
        self.consent.setText(self.tr("ยินยอมให้เจ้าหน้าที่โทรติดต่อกลับเรื่องบริการนี้"))
        self.card_note.setText(self.tr("อ่านจากบัตรประชาชนแล้ว ตรวจชื่อให้ถูกต้อง แล้วแตะ ถัดไป"))
        self.next_button.set_text(self.tr("ถัดไป"))

    def set_keyboard(self, keyboard: QWidget) -> None:
        """Put the on-screen keyboard under the fields (built after start-up: it is slow to load)."""
        if self.keyboard is None:
            self.keyboard = keyboard
            set_background = getattr(keyboard, "set_background", None)
            if set_background is not None:
                set_background(self.theme.palette.window)
                self.theme.changed.connect(lambda: set_background(self.theme.palette.window))
            # The keyboard takes the height the fields leave (up to its maximum); the stretch below
            # it only gets what is left after that.
            index = self.content.count() - 1
            settle = getattr(keyboard, "settle", None)  # its home: lent to the staff area, it comes back here
            if settle is not None:
                settle(self.content, index, 1)
            else:
                self.content.insertWidget(index, keyboard, 1)
            self.content.setStretch(self.content.count() - 1, 0)

    def reset(self) -> None:
        self._drop_card()
        for name in FIELDS:
            self.fields[name].clear()
            self._clear_error(name)
        self.consent.setChecked(False)

    def fill_from_card(self, card: CardIdentity) -> None:
        """Put in what the ID card gave: the name, and the ID masked; the visitor sees and confirms it."""
        self.card = card
        for name in ("full_name", "national_id"):
            self._clear_error(name)
        self.fields["full_name"].setText(card.full_name)
        self.id_field.show_masked(card.national_id_masked)
        self.card_note.show()

    def _drop_card(self) -> None:
        if self.card is not None:
            self.card = None
            self.id_field.clear_masked()
            self.card_note.hide()

    @property
    def id_field(self) -> IdField:
        field = self.fields["national_id"]
        assert isinstance(field, IdField)
        return field

    def _on_field_edited(self, name: str) -> None:
        self._clear_error(name)
        if name in ("full_name", "national_id"):
            self._drop_card()  # not the card's any more: the visitor types
        if name == "national_id" and self.id_field.is_complete():
            self._check_id_now()

    def _check_id_now(self) -> None:
        """Say at once when the 13th digit does not match the check digit of the other 12."""
        from kiosk.validation import ValidationError, validate_national_id

        try:
            validate_national_id(self.id_field.digits())
        except ValidationError as exc:
            self.show_problem("national_id", i18n.pick(exc.th, exc.en))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fields["full_name"].setFocus()

    def _clear_error(self, name: str) -> None:
        self.errors[name].clear()
        self._mark(name, False)

    def _mark(self, name: str, invalid: bool) -> None:
        field = self.fields[name]
        field.setProperty("invalid", "true" if invalid else "false")
        field.style().unpolish(field)
        field.style().polish(field)

    def show_problem(self, field: str, text: str) -> None:
        if field not in self.errors:
            field = "full_name"
        self.errors[field].setText(text)
        self._mark(field, True)

    def _on_next_clicked(self) -> None:
        from kiosk.app.visit import check_details
        from kiosk.models import IdMethod
        from kiosk.register import VisitorDetails
        from kiosk.validation import ValidationError

        for name in FIELDS:
            self._clear_error(name)
        card = self.card
        raw = VisitorDetails(
            full_name=self.fields["full_name"].text(),
            national_id=card.national_id if card is not None else self.id_field.digits(),
            phone=self.fields["phone"].text(),
            phone_consent=self.consent.isChecked(),
        )
        problems: list[tuple[str, str]] = []
        checked: VisitorDetails | None = None
        try:
            checked = check_details(raw, id_method=IdMethod.CARD if card is not None else IdMethod.TYPED)
        except ValidationError as exc:
            problems += [(p.field, i18n.pick(p.th, p.en)) for p in exc.problems]
        if raw.phone and raw.phone.strip() and not raw.phone_consent and not any(f == "phone" for f, _ in problems):
            problems.append(("phone", self.tr("แตะช่องยินยอมด้านล่าง หรือลบหมายเลขโทรศัพท์")))
        if problems:
            for field, text in problems:
                self.show_problem(field, text)
            first = problems[0][0]
            self.fields.get(first, self.fields["full_name"]).setFocus()
            return
        assert checked is not None
        self.submitted.emit(checked)
