# Resolution Portal — the front door. `make run` serves the demo, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test lint format messages makemessages migrate demo bench bench-excel clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

venv: $(BIN)/activate

messages: venv
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --verbosity 0

makemessages: venv
	$(DEV_ENV) $(MANAGE) makemessages --locale ru --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=media --add-location file

migrate: messages
	$(DEV_ENV) $(MANAGE) migrate --noinput

demo: migrate
	$(DEV_ENV) $(MANAGE) loaddata fixtures/resolution_2018.json
	$(DEV_ENV) $(MANAGE) seed_demo

run: demo
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The Excel report against a bare openpyxl dump; honours DATABASE_URL.
bench-excel: messages
	$(BIN)/python bench/excel.py $(BENCH_ARGS)
