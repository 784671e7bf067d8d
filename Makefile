# Resolution Portal — the front door. `make run` serves the demo, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test lint format messages makemessages migrate demo bench bench-excel clean \
	bench-reminders \
	collectstatic serve backup restore

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
	$(DEV_ENV) PORT=$(PORT) $(MANAGE) seed_demo

# The dev server and, beside it, the worker and scheduler of background jobs
# (e-mail, reminders). Ctrl-C stops both: the trap takes the worker down with
# the server, however the server ends.
# E-mail (the demo's own included) goes to files under media/outgoing-mail/
# rather than over the console the server logs to; EMAIL_URL overrides it.
# (django-environ reads the path after filemail:/// relative to this folder.)
DEV_MAIL := EMAIL_URL=$${EMAIL_URL:-filemail:///media/outgoing-mail}

run: demo
	@echo "Serving http://127.0.0.1:$(PORT)/ with the background worker; Ctrl-C stops both."
	@echo "E-mail is written to media/outgoing-mail/ unless EMAIL_URL says otherwise."
	@trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(DEV_ENV) $(DEV_MAIL) PORT=$(PORT) $(MANAGE) qcluster & worker=$$!; \
	$(DEV_ENV) $(DEV_MAIL) PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

# --- Production (docs/deploy.md). The environment must hold SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL and the rest; DEBUG is always off here.
PROD_ENV := DEBUG=0

collectstatic: messages
	$(PROD_ENV) $(MANAGE) collectstatic --noinput --verbosity 1

serve: collectstatic
	$(PROD_ENV) PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

# BACKUP=path chooses the file; by default backups/portal-<date>-<time>.
backup: venv
	$(MANAGE) backup_database $(if $(BACKUP),--output $(BACKUP))

restore: venv
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/portal-….dump"; exit 2; }
	$(MANAGE) restore_database $(BACKUP)

test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

# The public pages under load at national scale (PostgreSQL database portal_bench,
# built once and reused; BENCH_ARGS=--fresh rebuilds it). Writes bench/results.md.
# Then one reminder pass at national scale: its time and the number of messages.
bench: messages
	$(BIN)/python bench/bench.py $(BENCH_ARGS)
	$(BIN)/python bench/reminders.py

# One reminder pass at national scale alone; honours DATABASE_URL.
bench-reminders: messages
	$(BIN)/python bench/reminders.py

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The Excel report against a bare openpyxl dump; honours DATABASE_URL.
bench-excel: messages
	$(BIN)/python bench/excel.py $(BENCH_ARGS)
