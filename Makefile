# The two commands: `make run` and `make test`. Everything else is set up by them.
VENV := .venv
PY := $(VENV)/bin/python
BAOCAO := $(VENV)/bin/baocao
PYTHON ?= python3
OUT ?= outputs

.PHONY: run test eval bench lint lock clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e . >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	touch $@

run: $(VENV)/.installed
	@$(BAOCAO) run corpus/reports -o $(OUT); status=$$?; \
	echo ""; \
	echo "Tables:  $(OUT)/baocao.duckdb and $(OUT)/tables/<table>/ (Parquet part files)"; \
	echo "Audit:   $(OUT)/audit.html (the findings, one page; also: $(BAOCAO) findings -o $(OUT))"; \
	echo "Query:   $(BAOCAO) query -o $(OUT) \"SELECT path, status, report_year FROM documents\""; \
	exit $$status

test: $(VENV)/.installed
	$(PY) -m pytest

eval: $(VENV)/.installed
	$(PY) -m evaluation

bench: $(VENV)/.installed
	$(PY) -m benchmarks

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# Re-pin the dependencies after changing pyproject.toml.
lock: $(VENV)/.installed
	$(PY) -m pip freeze --exclude-editable | grep -v '^baocao' > requirements.lock

clean:
	rm -rf $(OUT) $(VENV)
