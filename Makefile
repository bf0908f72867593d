# One command to run the kiosk, one to test it. Both install what they need.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian 12 packages: Qt's xcb platform, Thai word breaking, USB printing, fonts config.
RUN_DEBS := libthai0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 \
            libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1 \
            libfontconfig1 libdbus-1-3 libglib2.0-0 libpulse0 libusb-1.0-0 cups-client python3-venv
# and for the tests: QR decoding, PDF rendering, the district's PostgreSQL, a virtual screen.
TEST_DEBS := $(RUN_DEBS) libzbar0 poppler-utils postgresql xvfb

.PHONY: run demo test lint bench screenshots clean sysdeps-run sysdeps-test

run: $(VENV)/.installed
	$(VENV)/bin/kiosk run --windowed-if-no-config

demo: $(VENV)/.installed
	$(VENV)/bin/kiosk demo

test: .sysdeps-test $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/ruff check kiosk ui printers tests benchmarks
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/ruff format --check kiosk ui printers tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q $(PYTEST_ARGS)

bench: .sysdeps-test $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest benchmarks -q --benchmark-only --benchmark-columns=min,median,max,rounds -p no:randomly $(PYTEST_ARGS)

screenshots: .sysdeps-test $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m ui.screenshots docs/screenshots

.sysdeps-run:
	@missing=$$(for p in $(RUN_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi
	@touch $@

.sysdeps-test:
	@missing=$$(for p in $(TEST_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi
	@touch $@ .sysdeps-run

$(VENV)/.installed: pyproject.toml .sysdeps-run
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

clean:
	rm -rf $(VENV) .sysdeps-run .sysdeps-test .pytest_cache .mypy_cache .ruff_cache
