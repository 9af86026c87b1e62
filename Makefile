# RLS Diary: two commands to start (`make run`, `make test`); see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# constraints.txt holds the versions the suite last passed with; every install uses it, so two
# installs a month apart get the same packages. `make lock` refreshes it from the venv.
CONSTRAINTS := constraints.txt

.PHONY: run test lint format bench reliability validate dist clean venv lock test-stress
.PHONY: report-example screenshots

venv: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[test,dev]'
	touch $(STAMP)

# Upgrade within pyproject's bounds, then write what is installed (not the app itself).
# Run `make test` after it, and commit constraints.txt only if the suite passes.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test,dev]'
	{ echo "# The versions the test suite last passed with; refresh with make lock."; \
	  $(PY) -m pip freeze --exclude-editable | grep -iv '^rls-diary[= ]'; } > $(CONSTRAINTS)
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/rls-diary

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check diary tests
	$(VENV)/bin/ruff format --check diary tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format diary tests
	$(VENV)/bin/ruff check --fix diary tests

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

# The demo patient's report (A4, with a two-week sleep diary) as PNG pages for the docs.
REPORT_EXAMPLE := docs/report-example
report-example: $(STAMP)
	rm -rf build/report-example $(REPORT_EXAMPLE)/*.png
	mkdir -p build/report-example $(REPORT_EXAMPLE)
	$(PY) -c 'import datetime, diary.demo as d; d.write_demo("build/report-example/demo.sqlite", seed=1, years=2, end=datetime.date(2026, 3, 1))'
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/rls-diary report --diary build/report-example/demo.sqlite \
		--out build/report-example/report.pdf --sleep-diary 2
	pdftoppm -r 100 -png build/report-example/report.pdf $(REPORT_EXAMPLE)/page

# The simulation study of the best-response estimator (docs/analysis.md); a few minutes on 2
# cores. `--markdown` prints the table for the docs.
validate: $(STAMP)
	$(PY) -m tests.validation $(VALIDATE_ARGS)

# Every page at 100 % and 200 % text, light and dark, into docs/screenshots/ (offscreen).
screenshots: $(STAMP) report-example
	QT_QPA_PLATFORM=offscreen $(PY) resources/make_screenshots.py

reliability: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.reliability

# The whole suite 3 times: beside 2 CPU burners, under LC_ALL=de_DE.UTF-8, at QT_SCALE_FACTOR=1.5.
test-stress: $(STAMP)
	$(PY) -m tests.stress

# The installable one-folder app (PyInstaller; see README "Installing RLS Diary").
# `dist` builds dist/rls-diary/ and runs the smoke test on it; `dist-smoke` re-runs the test.
DIST_APP := dist/rls-diary

dist: $(STAMP)
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[dist]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/rls-diary.spec
	$(PY) packaging/smoke_test.py $(DIST_APP)

.PHONY: dist-smoke
dist-smoke:
	$(PY) packaging/smoke_test.py $(DIST_APP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
