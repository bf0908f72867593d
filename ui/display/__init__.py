"""The waiting room's display (``kiosk display``): the board window, its feed and the announcements."""
