# Claimtrace — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1:8000

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test test-fast test-quickstart bench lint screenshots clean

# Creates .venv with the interpreter we are given, bootstraps the pinned uv
# into it and installs exactly what uv.lock says.
$(VENV)/.synced: pyproject.toml uv.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --frozen --python $(PY)
	touch $@

install: $(VENV)/.synced

# SQLite + in-process Celery unless DATABASE_URL / REDIS_URL are set; logs
# for a person reading the console (JSON stays the default elsewhere);
# `make run HOST=0.0.0.0:8080` serves elsewhere.
run: export LOG_FORMAT ?= console
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_roles
	$(PY) manage.py load_demo --with-demo-users
	$(PY) manage.py runserver $(HOST)

# The system tests: real browsers, workers and their kills, outages, load,
# replicas and the pooler, fuzzing (markers in pyproject.toml).
SYSTEM_TESTS := browser or worker or outage or load or replica or fuzz

# The whole suite: the quick start's lane (SQLite, tasks in-process, what
# `make run` serves), then everything on the real PostgreSQL and Redis
# (see config/settings/test.py): the tests of the code on two processes
# (one embedding thread each), then the system tests one at a time (they
# start workers, servers and load of their own and measure under it). Both
# parts run; the target fails if either did.
test: test-quickstart
	OMP_NUM_THREADS=1 $(PY) -m pytest -m "not ($(SYSTEM_TESTS))" -n 2 -p no:cacheprovider; \
	code=$$?; $(PY) -m pytest -m "$(SYSTEM_TESTS)" -p no:cacheprovider || exit 1; exit $$code

# The edit loop's lane: everything but the system tests and the quality
# measurements on the shared dev sets, with a tenth of the
# property tests' examples, on two processes (one embedding thread each).
test-fast: install
	FAST_LANE=1 OMP_NUM_THREADS=1 $(PY) -m pytest -m "not ($(SYSTEM_TESTS) or evaluation)" \
		-n 2 -p no:cacheprovider

test-quickstart: install
	DJANGO_SETTINGS_MODULE=config.settings.quickstart_test $(PY) -m pytest tests/quickstart -p no:cacheprovider

# Benchmarks at 1 M claims on the real PostgreSQL and Redis (bench/README.md);
# `make bench BENCH_ARGS="--claims 100000"` for a smaller set. Needs wrk.
BENCH_ARGS ?=
bench: install
	$(PY) -m bench $(BENCH_ARGS)

# Re-take the screenshots of the desk walk (docs/screenshots/, linked from the README).
screenshots: install
	UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/verify/test_browser.py -p no:cacheprovider

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 media .pytest_cache
