"""The service picker: the catalogue as large tiles, a page at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ui import i18n
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton

if TYPE_CHECKING:
    from kiosk.app.visit import ServiceChoice

COLUMNS = 3
ROWS = 3


class ServicePickerScreen(Screen):
    """Tiles of 3 × 3 with big "previous / next page" buttons: paging is easier than scrolling.

    Signals:
        chosen(object): the ServiceChoice tapped.
        page_turned(): another page of tiles is shown (new cards under the finger).
    """

    chosen = Signal(object)
    page_turned = Signal()

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self._services: list[ServiceChoice] = []
        self._page = 0
        self.loading = QLabel()
        self.loading.setProperty("role", "subtitle")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content.addWidget(self.loading)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(theme.px(22))
        self.tiles: list[TouchButton] = []
        for i in range(COLUMNS * ROWS):
            tile = TouchButton(theme, role="tile", icon="other", icon_size=84)
            tile.clicked.connect(lambda _=False, slot=i: self._on_tile_clicked(slot))
            self.tiles.append(tile)
            self.grid.addWidget(tile, i // COLUMNS, i % COLUMNS)
        for c in range(COLUMNS):
            self.grid.setColumnStretch(c, 1)
        for r in range(ROWS):
            self.grid.setRowStretch(r, 1)
        self.content.addWidget(self.grid_host, 1)
        self.previous_page = TouchButton(theme, icon="back", icon_size=56, wrap=False)
        self.next_page = TouchButton(theme, icon="next", icon_size=56, wrap=False)
        self.page_label = QLabel()
        self.page_label.setProperty("role", "subtitle")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_page.clicked.connect(lambda: self._turn(-1))
        self.next_page.clicked.connect(lambda: self._turn(+1))
        # The pager sits in the middle of the bottom row.
        for widget in (self.previous_page, self.page_label, self.next_page):
            self.add_forward(widget)
        self.nav_row.addStretch(1)
        self.retranslate()
        self._show_page(0)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self._services) // len(self.tiles)))

    def set_services(self, services: list[ServiceChoice]) -> None:
        self._services = list(services)
        self._show_page(min(self._page, self.pages - 1))

    def reset(self) -> None:
        self._show_page(0)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("เลือกงานบริการที่ต้องการ"))
        self.loading.setText(self.tr("กำลังโหลดรายการบริการ…"))
        self.previous_page.set_text(self.tr("หน้าก่อน"))
        self.next_page.set_text(self.tr("หน้าถัดไป"))
        self._show_page(self._page)

    def service_on_tile(self, slot: int) -> ServiceChoice | None:
        index = self._page * len(self.tiles) + slot
        return self._services[index] if 0 <= index < len(self._services) else None

    def tile_for(self, code: str) -> TouchButton:
        """The tile of a service, turning to its page (for tests and screenshots)."""
        for index, service in enumerate(self._services):
            if service.code == code:
                self._show_page(index // len(self.tiles))
                return self.tiles[index % len(self.tiles)]
        raise KeyError(code)

    def _turn(self, by: int) -> None:
        self._show_page(self._page + by)
        self.page_turned.emit()

    def _show_page(self, page: int) -> None:
        self._page = max(0, min(page, self.pages - 1))
        self.loading.setVisible(not self._services)
        self.grid_host.setVisible(bool(self._services))
        for slot, tile in enumerate(self.tiles):
            service = self.service_on_tile(slot)
            if service is None:
                tile.setVisible(False)
                continue
            tile.setVisible(True)
            if tile.icon_label is not None:
                tile.icon_label.set_name(service.icon or "other")
            name = i18n.pick(service.name_th, service.name_en)
            if service.active:
                tile.set_text(name, i18n.pick(service.owner_th, service.owner_en))
            else:
                message = service.inactive_message_th or self.tr("ปิดให้บริการชั่วคราว")
                tile.set_text(name, self.tr("ไม่เปิดให้บริการ: %1").replace("%1", message))
            tile.setEnabled(service.active)
            tile.set_flag("unavailable", not service.active)
        page_text = self.tr("หน้า %1 / %2").replace("%1", str(self._page + 1))
        self.page_label.setText(page_text.replace("%2", str(self.pages)))
        self.previous_page.setEnabled(self._page > 0)
        self.next_page.setEnabled(self._page < self.pages - 1)
        self.page_label.setVisible(self.pages > 1)
        self.previous_page.setVisible(self.pages > 1)
        self.next_page.setVisible(self.pages > 1)

    def _on_tile_clicked(self, slot: int) -> None:
        service = self.service_on_tile(slot)
        if service is not None and service.active:
            self.chosen.emit(service)
