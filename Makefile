# gongjian: `make demo` sets everything up and serves the Yingkou demo; `make test` runs every test.
PYTHON ?= python3.11
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV_PY := .venv/bin/python
GONGJIAN := .venv/bin/gongjian
HOST ?= 127.0.0.1:8000
# The demo's data end on this day; pages open as of it (empty DEMO_TODAY= for the real date).
DEMO_TODAY ?= 2024-06-30
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv

.PHONY: demo test setup venv assets messages system-deps system-deps-test migrate lint serve serve-with-worker clean

demo: system-deps setup ## set up, load the demo data and serve http://127.0.0.1:8000
	DEBUG=1 $(GONGJIAN) migrate --noinput
	DEBUG=1 $(GONGJIAN) demo load
	@echo "Serving http://$(HOST)/ — demo accounts in README.md (password demo-2024); background tasks: db_worker"
	$(MAKE) --no-print-directory serve-with-worker

# runserver in front, the background-task worker (web import checks and imports) behind it; stopping the one
# (Ctrl-C) stops the other. A non-interactive shell ignores Ctrl-C for background jobs, hence the trap.
serve-with-worker:
	DEBUG=1 GONGJIAN_TODAY=$(DEMO_TODAY) $(GONGJIAN) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 GONGJIAN_TODAY=$(DEMO_TODAY) $(GONGJIAN) runserver $(HOST)

test: system-deps-test setup ## install what tests need and run them all
	$(MAKE) lint
	DEBUG=1 $(VENV_PY) -m pytest $(PYTEST_ARGS)

setup: venv assets messages
	mkdir -p var

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# Bytecode compiled once here: every process (the workers, each `gongjian` command) otherwise compiles every module it
# imports when the environment says not to write .pyc files (PYTHONDONTWRITEBYTECODE), ~0.7 s of each start.
venv: $(UV)
	$(UV) sync --frozen --python $(PYTHON) --compile-bytecode
	$(VENV_PY) -m compileall -q gongjian core projects scheduling stewardship race indicators documents dashboard

assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

messages: venv
	DEBUG=1 $(GONGJIAN) compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v0

system-deps:
	./scripts/system-deps.sh demo

system-deps-test:
	./scripts/system-deps.sh test

lint: venv
	.venv/bin/ruff check .
	DEBUG=1 $(GONGJIAN) makemigrations --check --dry-run -v0

serve:
	DEBUG=1 $(GONGJIAN) runserver $(HOST)

clean:
	rm -rf .venv .tools node_modules var
