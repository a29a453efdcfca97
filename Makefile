# Tỉnh số — the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# bash with pipefail: a failing command is not hidden by the filter after its pipe.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: install install-run demo test lint typecheck checks pytest messages catalogues system-deps clean screenshots

# Running needs the project's own dependencies; the tests add the development tools
# (playwright, mypy, pytest …) on top. pip shows what it fetches: no silent minutes.
$(VENV)/.installed-run: pyproject.toml
	@echo "==> Môi trường Python / Python environment ($(VENV))"
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip
	@echo "==> Cài thư viện để chạy / installing what running needs"
	$(BIN)/pip install --progress-bar off -e . | sed -n '/^\(Collecting\|Successfully\)/p'
	touch $@

$(VENV)/.installed: $(VENV)/.installed-run
	@echo "==> Cài công cụ kiểm thử / installing the development and test tools"
	$(BIN)/pip install --progress-bar off -e ".[dev]" | sed -n '/^\(Collecting\|Successfully\)/p'
	touch $@

install: $(VENV)/.installed
install-run: $(VENV)/.installed-run

# .mo files are built, not committed; pure Python, no GNU gettext needed.
catalogues: install-run
	@$(MANAGE) compile_catalogues

# Extract new strings into the catalogues (needs GNU gettext: apt-get install gettext).
messages: install
	$(MANAGE) makemessages --all --no-obsolete --add-location file -i ".venv/*" -i "var/*"
	$(MANAGE) compile_catalogues --fill-source

demo: install-run catalogues
	@DEBUG=1 bash scripts/demo.sh

# Every page at 360 and 1440 px in Vietnamese and English → var/screenshots/index.html
screenshots: install catalogues
	$(BIN)/python scripts/screenshots.py

system-deps:
	@bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy tinhso/core tinhso/accounts tinhso/exchange tinhso/services tinhso/assistant tinhso/reports tinhso/ioc tinhso/vision tinhso/traffic tinhso/documents tinhso/meetings tinhso/broadcast tinhso/settings.py tinhso/env.py

checks: install catalogues system-deps
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	@bash scripts/check-deploy.sh

pytest: install catalogues system-deps
	@bash scripts/pytest.sh

test: lint typecheck checks pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
