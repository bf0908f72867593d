"""The kiosk's Qt front end. The first ``ui`` import stops PySide6 keeping a copy of every module's
source (:mod:`ui.pyside_sources`)."""

from ui import pyside_sources

pyside_sources.install()
