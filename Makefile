# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: serve test install gazetteer lint postgis chromium lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

gazetteer: install
	$(BIN)/geoevents gazetteer build --if-missing

serve: gazetteer
	-$(BIN)/geoevents ingest --quiet examples/euphrates-report.json
	$(BIN)/geoevents reprocess
	$(BIN)/geoevents serve

lint: install
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/ruff format --check app tests benchmarks

test: gazetteer lint postgis chromium
	$(BIN)/pytest

# PostGIS for the store tests: Debian's postgresql-N-postgis-3 for the running server's major
# version N, installed only when missing. Without a PostgreSQL server the PostGIS tests skip
# (and fail under CI=true).
postgis:
	@n=$$(psql -h 127.0.0.1 -U postgres -Atc 'show server_version_num' postgres 2>/dev/null); \
	if [ -n "$$n" ]; then v=$$((n / 10000)); \
	else v=$$(ls /etc/postgresql /usr/lib/postgresql 2>/dev/null | grep -E '^[0-9]+$$' | sort -n | tail -1); fi; \
	if [ -z "$$v" ]; then echo "postgis: no PostgreSQL server found; the PostGIS tests will skip"; \
	elif [ -f /usr/share/postgresql/$$v/extension/postgis.control ]; then :; \
	else sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "postgis: installing postgresql-$$v-postgis-3"; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq postgresql-$$v-postgis-3 >/dev/null; \
	fi

# Headless Chromium for the map tests (they load the pages as a person would): Debian's
# chromium package, installed only when /usr/bin/chromium is missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "chromium: installing Debian's chromium"; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null; \
	fi

# requirements.lock: the pinned, hashed set the Docker image installs with
# `pip install --require-hashes`: pyproject's runtime dependencies and its build-system
# requirements (the image installs the project itself without build isolation), resolved
# for every platform of CPython 3.11 and 3.12. Run after changing a dependency.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv>=0.5,<1'
	$(BIN)/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))' \
		| $(BIN)/uv pip compile --quiet pyproject.toml - --universal --python-version 3.11 \
			--generate-hashes --custom-compile-command 'make lock' -o requirements.lock
