# RLS Diary: two commands to start (`make run`, `make test`); see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench reliability dist clean venv screenshots

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/rls-diary

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check diary tests
	$(VENV)/bin/ruff format --check diary tests
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format diary tests
	$(VENV)/bin/ruff check --fix diary tests

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

# Every page at 100 % and 200 % text, light and dark, into docs/screenshots/ (offscreen).
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) resources/make_screenshots.py

reliability: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.reliability

# The installable one-folder app (PyInstaller; see README "Installing RLS Diary").
# `dist` builds dist/rls-diary/ and runs the smoke test on it; `dist-smoke` re-runs the test.
DIST_APP := dist/rls-diary

dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/rls-diary.spec
	$(PY) packaging/smoke_test.py $(DIST_APP)

.PHONY: dist-smoke
dist-smoke:
	$(PY) packaging/smoke_test.py $(DIST_APP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
