"""The application layer: what the touchscreen, the staff area and the ``kiosk`` commands do, one module per area.

Each operation is a function of a :class:`Context` (register, station, settings, printer) that
a screen, a staff page and a command call alike; it declares its kind of :class:`Work` so that
the front end runs it on the right worker, and it owns its transactions: reads in a read
transaction, the slow part (a PDF, a file, the network, the printer) outside any write, then
one short write for the change and its audit line.

- :mod:`kiosk.app.visit` the citizen's visit (welcome, services, registering, rating)
- :mod:`kiosk.app.queue` the officer's queue
- :mod:`kiosk.app.slips` tickets, survey slips, the reprint queue (owns the printer)
- :mod:`kiosk.app.records` one entry, corrections, the day's review, search, the retention purge
- :mod:`kiosk.app.officers` signing in, officers and PINs
- :mod:`kiosk.app.roster` the duty roster
- :mod:`kiosk.app.catalogue` the service catalogue
- :mod:`kiosk.app.exports` the register as PDF, XLSX, CSV
- :mod:`kiosk.app.reports` the monthly report form
- :mod:`kiosk.app.sync` the district hub: status, send now, nightly, pull
"""

from __future__ import annotations

from kiosk.app.context import Actor, CommandLine, Context, Job, Operation, Work, operation, supervisor_only

__all__ = ["Actor", "CommandLine", "Context", "Job", "Operation", "Work", "operation", "supervisor_only"]
