# One command to run the kiosk, one to test it. Both install what they need.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The Thai ID-card reader: the PC/SC daemon, the USB CCID reader driver, and what pip needs to build
# pyscard (PyPI has no Linux wheel of it): swig, the PC/SC headers, a C compiler, Python's headers.
CARD_DEBS := pcscd libpcsclite1 libccid swig libpcsclite-dev gcc python3-dev
# Debian 12 packages: Qt's xcb platform, Thai word breaking, USB printing, fonts config,
# the display's announcements (espeak-ng speaks, aplay/paplay play), the ID card (CARD_DEBS).
RUN_DEBS := libthai0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 \
            libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1 \
            libfontconfig1 libdbus-1-3 libglib2.0-0 libpulse0 libusb-1.0-0 cups-client python3-venv \
            espeak-ng alsa-utils pulseaudio-utils $(CARD_DEBS)
# The touchscreen session packaging/install.sh sets up: the cage compositor (its Debian build needs
# Xwayland to start) and what Qt's Wayland platform plugin links to.
SESSION_DEBS := cage xwayland libwayland-client0 libwayland-cursor0 libwayland-egl1
# and for the tests: QR decoding, PDF rendering, the district's PostgreSQL, a virtual screen, the
# cage session under its headless backend with grim to grab its output, systemd-analyze for the units,
# LibreOffice opening the exports as an office would (with the Thai fonts an office has:
# fonts-thai-tlwg maps "TH SarabunPSK" to its metric twin Laksaman), and vpcd, the virtual smart-card
# reader the ID-card tests put an emulated card in.
TEST_DEBS := $(RUN_DEBS) $(SESSION_DEBS) libzbar0 poppler-utils postgresql xvfb grim systemd \
             libreoffice-calc-nogui fonts-thai-tlwg vsmartcard-vpcd

.PHONY: run demo test test-fast lint lock bench screenshots clean print-install-debs

run: $(VENV)/.installed
	$(VENV)/bin/kiosk run --windowed-if-no-config

demo: $(VENV)/.installed
	$(VENV)/bin/kiosk demo

# The README's test command (and CI's): every check, then the whole suite.
test: .sysdeps-test lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q $(PYTEST_ARGS)

# ruff (lint and format), mypy strict over kiosk, printers and ui, the import rules.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check kiosk ui printers cardreader tests benchmarks
	$(VENV)/bin/ruff format --check kiosk ui printers cardreader tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# While working: the suite without PostgreSQL, the slow tests and the end-to-end suite on Xvfb, stopping at the
# first failure.
test-fast: .sysdeps-test $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -x -m "not postgres and not slow and not e2e" $(PYTEST_ARGS)

bench: .sysdeps-test $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest benchmarks -q --benchmark-only --benchmark-columns=min,median,max,rounds -p no:randomly $(PYTEST_ARGS)

screenshots: .sysdeps-test $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m ui.screenshots docs/screenshots
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m ui.display.screenshots docs/screenshots

# What packaging/install.sh installs with apt on a kiosk.
print-install-debs:
	@echo $(RUN_DEBS) $(SESSION_DEBS)

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

# Every kiosk of a district runs the same versions: pip installs within constraints.txt.
$(VENV)/.installed: pyproject.toml constraints.txt .sysdeps-run
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

# Pin anew after changing the dependencies in pyproject.toml: resolve them in a clean virtualenv
# and write the exact versions to constraints.txt (commit it; every kiosk then installs those).
lock:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install -q --upgrade pip; \
	"$$tmp/venv/bin/pip" install -q -e '.[test]'; \
	{ echo "# The exact versions every kiosk installs (make installs with pip -c constraints.txt)."; \
	  echo "# Regenerate with 'make lock' after changing the dependencies in pyproject.toml."; \
	  echo "# Resolved with $$("$$tmp/venv/bin/python" --version) on $$(. /etc/os-release && echo "$$PRETTY_NAME")."; \
	  "$$tmp/venv/bin/pip" freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	@echo "constraints.txt: $$(grep -vc '^#' constraints.txt) packages pinned"

clean:
	rm -rf $(VENV) .sysdeps-run .sysdeps-test .pytest_cache .mypy_cache .ruff_cache
