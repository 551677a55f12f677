# The whole set-up on a fresh machine with Python 3.11:
#   make run    install, start the embedded servers, migrate, load data, serve on :8000
#   make test   lint, migration check and the whole test suite on PostgreSQL
#   make bench  benchmarks; figures go to bench/results.json

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench lock install messages community-messages

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/python -m clair_portal.embedded run

# The suite runs in two test processes (pytest-xdist, a module's tests kept together),
# each with its own test database and Redis keys; TEST_PROCESSES=0 runs it in one.
TEST_PROCESSES ?= 2

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m clair_portal.embedded test -n $(TEST_PROCESSES) --dist loadfile $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m clair_portal.embedded bench $(BENCH_ARGS)

# Pin every dependency (and the dev tools) after editing pyproject.toml.
lock:
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements.lock

# Refresh the Japanese catalogues (the top-level one and each app's) after changing
# interface text; then translate what is new. No server is needed for this.
messages: $(STAMP)
	DATABASE_URL=postgresql://unused/unused REDIS_URL=redis://unused $(BIN)/python manage.py \
	  makemessages --locale ja --no-obsolete --ignore '.venv/*' --ignore '.data/*' \
	  --ignore 'tests/*' --ignore 'bench/*' --ignore 'test-artifacts/*' --ignore 'staticfiles/*'

# The public pages' strings in the community languages (zh-hans, ko, pt-br, es, vi, tl):
# crawl the public pages, rewrite locale/community.pot and add what is new to each
# language's catalogue (locale/<locale>/LC_MESSAGES/django.po); then translate it,
# keeping to the glossary beside it. `make test` fails until every entry is translated.
community-messages: $(STAMP)
	$(BIN)/python -m clair_portal.embedded test tests/test_community_catalogues.py -n 0 \
	  -k public_pages_show_only --write-catalogues
