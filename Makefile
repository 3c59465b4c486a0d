# Loket: `make run` serves the demo, `make test` checks everything. Nothing else is needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# The task worker of the configured backend: RQ's with LOKET_TASK_BACKEND=django_tasks_rq.RQBackend.
WORKER := $(if $(findstring django_tasks_rq,$(LOKET_TASK_BACKEND)),rqworker --job-class django_tasks_rq.Job default,db_worker --no-reload)
# Idempotent periodic jobs; `make run` runs them every minute (cron or a systemd timer in production).
PERIODIC := deliver_outbox complaint_alerts send_staff_digest prune_staff_notifications close_answered_complaints purge_complaint_drafts clearsessions mark_no_shows remind_bookings poll_mailboxes process_inbound intake_watchdog "purge_personal_data --commit" refresh_report_figures purge_report_exports

.PHONY: install run test lint format messages check-messages prod-check deploy-check audit bench clean

install: $(STAMP)
	@for d in loket/locale loket/*/locale; do [ -f $$d/en/LC_MESSAGES/django.po ] || continue; \
	  $(BIN)/pybabel -q compile -D django -d $$d || exit 1; done
	@$(PY) manage.py collectstatic --noinput -v0

$(STAMP): pyproject.toml constraints.txt constraints-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -c constraints-dev.txt -e '.[dev]'
	@touch $(STAMP)

# `make run` links in mail to the host and port it serves, and catches every mail it sends
# (manage.py mail_catcher on EMAIL_HOST:EMAIL_PORT, 127.0.0.1:1025 by default) for /dev/surat/.
run: export LOKET_SITE_URL ?= http://$(HOST):$(PORT)
run: export LOKET_DEV_MAILBOX ?= $(CURDIR)/$(VENV)/dev-mail
# Ctrl+C (or TERM) stops the whole group once: the trap ignores the TERM its own `kill 0`
# sends to the shell, which re-entered the trap until bash crashed.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Loket is serving on $(LOKET_SITE_URL)/  (Ctrl+C stops the server and the worker)"
	@echo "Every mail sent is at $(LOKET_SITE_URL)/dev/surat/"
	@trap 'trap "" TERM; trap - INT EXIT; kill 0' INT TERM EXIT; \
	( $(PY) manage.py mail_catcher || echo "mail catcher not started: mail is not caught" >&2 ) & \
	( while :; do $(PY) manage.py $(WORKER); \
	  echo "task worker stopped (exit $$?): restarting in 2 s" >&2; sleep 2; done ) & \
	( while sleep 60; do for job in $(PERIODIC); do $(PY) manage.py $$job || true; done; done ) & \
	$(BIN)/gunicorn loket.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 \
	  --access-logfile - --logger-class loket.site.access_log.MaskedLogger --graceful-timeout 10

# Every rule of ARCHITECTURE.md the build enforces: style, the import contracts of the app
# table, types of the services and pure modules, catalogues in step with the code.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PY) scripts/check_messages.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(PY) manage.py makemigrations --check --dry-run -v1
	$(BIN)/pytest --durations=20 $(PYTEST_ARGS)

# The production install as deploy/README.md does it: the runtime dependencies only (no [dev]
# extra) into a fresh virtualenv, then, from this checkout, Django's checks, the migrations and
# the demo office on a throw-away SQLite file. CI runs it.
PROD_VENV ?= /tmp/loket-prod-check
prod-check:
	rm -rf $(PROD_VENV) && $(PYTHON) -m venv $(PROD_VENV)
	$(PROD_VENV)/bin/pip install --quiet --upgrade pip
	$(PROD_VENV)/bin/pip install --quiet -c constraints.txt .
	rm -rf build loket.egg-info
	@! $(PROD_VENV)/bin/pip show --quiet pytest 2>/dev/null || { echo "dev tools in a production install"; exit 1; }
	export DATABASE_URL=sqlite:///$(PROD_VENV)/check.sqlite3 LOKET_STATIC_ROOT=$(PROD_VENV)/static; \
	  $(PROD_VENV)/bin/python manage.py check && \
	  $(PROD_VENV)/bin/python manage.py migrate --noinput -v0 && \
	  $(PROD_VENV)/bin/python manage.py collectstatic --noinput -v0 && \
	  $(PROD_VENV)/bin/python manage.py load_demo --no-users

# Known vulnerabilities in the pinned runtime dependencies: pip-audit looks each exact pin of
# constraints.txt up in the Python advisory database (network needed; --no-deps --disable-pip:
# the pins as they are, no resolver, no virtualenv). Fails when one is found, and (--strict)
# when a pin could not be looked up, so silence never passes for "none found". CI runs it as a
# warning only (.ci/run): an advisory service that does not answer must not fail a build.
audit: install
	$(BIN)/pip-audit --requirement constraints.txt --no-deps --disable-pip --strict --progress-spinner off

# Django's `check --deploy` and Loket's production self-checks with production values
# (deploy/loket.env.example, or LOKET_ENV_FILE=/etc/loket/loket.env): any warning fails.
deploy-check: install
	$(PY) scripts/deploy_check.py

# Refresh the translation catalogues after changing strings (needs GNU gettext's xgettext;
# `make test` checks them with Babel alone: scripts/check_messages.py).
# One catalogue per app (loket/<app>/locale) and one for the shared templates (loket/locale).
APPS := $(patsubst loket/%/apps.py,%,$(wildcard loket/*/apps.py))
messages: install
	@for app in $(APPS); do mkdir -p loket/$$app/locale; \
	  (cd loket/$$app && ../../$(PY) ../../manage.py makemessages -l id -l en --no-obsolete --no-location -v0) || exit 1; done
	cd loket && ../$(PY) ../manage.py makemessages -l id -l en --no-obsolete --no-location -v0 \
	  $(foreach app,$(APPS),-i '$(app)/*')

bench: install
	$(PY) bench/workdays_deadlines.py
	$(PY) bench/standards_import_pdf.py
	$(PY) bench/visits_desk.py
	rm -f /tmp/loket-bench-complaints.sqlite3* && export DATABASE_URL=sqlite:////tmp/loket-bench-complaints.sqlite3 && $(PY) bench/seed_complaints.py && $(PY) bench/complaints_pages.py && $(PY) bench/reports_pages.py
	rm -f /tmp/loket-bench-intake.sqlite3* && DATABASE_URL=sqlite:////tmp/loket-bench-intake.sqlite3 $(PY) bench/intake_webhook.py

check-messages: install
	$(PY) scripts/check_messages.py

clean:
	rm -rf $(VENV) staticfiles
