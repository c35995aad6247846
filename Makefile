# Headword: `make demo` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# bibtexparser 1.x, for the test that the BibTeX downloads read in both major versions; it
# has the module name of 2.x, so it lives in its own folder that only that test imports.
BIBTEXPARSER1 := $(VENV)/bibtexparser1
HOST ?= 127.0.0.1:8000
# The demo's server runs as a real site does, debug pages off: a wrong address or an error
# shows Headword's own 404 and 500 pages, and WhiteNoise serves the collected static files.
# Its secret key is made once and kept in var/ (so logins survive a restart), its cookies
# travel over plain HTTP, and mail links and feed ids name the address it serves. Set
# DJANGO_ALLOWED_HOSTS or HEADWORD_BASE_URL to override those (README, "Trying it out").
DEMO_SECRET := var/demo-secret-key
DEMO_ENV = DJANGO_DEBUG=0 DJANGO_SECURE_COOKIES=0 DJANGO_SECRET_KEY="$$(cat $(DEMO_SECRET))" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost,$(firstword $(subst :, ,$(HOST)))}" \
	HEADWORD_BASE_URL="$${HEADWORD_BASE_URL:-http://$(HOST)}"

.PHONY: demo test lint format bench serve loadtest lock clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --upgrade --target $(BIBTEXPARSER1) bibtexparser==1.4.3
	touch $(STAMP)

# The logins come last, just above the server's own lines, and stay the same from run to run.
demo: $(STAMP) $(DEMO_SECRET)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_roles
	$(BIN)/python manage.py import_seeds --themes seeds/themes.list seeds/
	$(BIN)/python manage.py check_entries | tail -n 1
	@$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py create_demo_accounts
	@echo "Serving http://$(HOST)/ (the editorial workspace at /admin/), debug pages off; Ctrl-C stops it."
	@$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST)

$(DEMO_SECRET): | $(STAMP)
	mkdir -p $(@D)
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(48))" > $@

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python manage.py bench $(BENCH_ARGS)

# The site as production runs it: debug off, static files collected, gunicorn with
# WEB_CONCURRENCY workers (default 2) on HEADWORD_BIND (default 127.0.0.1:8000). Needs
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; put a reverse proxy in front (see README).
serve: $(STAMP)
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py check --deploy
	DJANGO_DEBUG=0 exec $(BIN)/gunicorn --config config/gunicorn.py config.wsgi

# Readers, editors and reviewers at once against `make serve` on PostgreSQL (its own database,
# built once) with Redis, for LOADTEST_ARGS' time (default 30 s); see bench/loadtest.py.
loadtest: $(STAMP)
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[dev]" 2>/dev/null || $(BIN)/python -m pip install --quiet $$($(BIN)/python -c "import tomllib;d=tomllib.load(open('pyproject.toml','rb'))['project'];print(' '.join(repr(x) for x in d['dependencies']+d['optional-dependencies']['dev']))")
	(echo "# Exact versions that CI tested. Regenerate with \`make lock\` after changing pyproject.toml."; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^headword') > requirements.lock

clean-db:
	rm -f db.sqlite3
