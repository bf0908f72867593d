"""The kiosk's two languages: Thai in the code, English from a Qt translation, switched live.

Strings of the screens go through ``self.tr()`` and are set again in each screen's
``retranslate()`` when Qt sends ``LanguageChange``. Strings that come with the data (service
names, visitor groups, validation messages) carry both languages; :func:`pick` chooses.
"""

from __future__ import annotations

from importlib.resources import as_file

from PySide6.QtCore import QCoreApplication, QTranslator

from ui.resources import data

LANGUAGES = ("th", "en")

_state: dict[str, object] = {"language": "th", "translator": None}


def language() -> str:
    return str(_state["language"])


def pick(th: str, en: str) -> str:
    """The text for the current language; English falls back to Thai when missing."""
    return en if language() == "en" and en else th


def set_language(lang: str) -> None:
    """Switch every screen to ``lang`` now (Qt posts LanguageChange to each widget)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication")
    old = _state["translator"]
    if isinstance(old, QTranslator):
        QCoreApplication.removeTranslator(old)
        _state["translator"] = None
    _state["language"] = lang
    if lang != "th":
        translator = QTranslator(app)
        qm = data("i18n", f"kiosk_{lang}.qm")
        with as_file(qm) as path:
            if not translator.load(str(path)):
                raise RuntimeError(f"cannot load the translation {qm}")
        QCoreApplication.installTranslator(translator)
        _state["translator"] = translator
    elif old is None:
        # No translator to remove: tell the screens ourselves so a reset still repaints.
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.topLevelWidgets():
            QCoreApplication.postEvent(widget, QEvent(QEvent.Type.LanguageChange))
