"""Benchmarks: ``python -m bench`` (or ``make bench``) prints a table and writes bench/results/latest.json.

- norm.calculate() per household over demo-like synthetic households (pure Python, no database);
- the proposal per application (skutan.assistance.selectors.application_proposal), if the app provides it;
- a payment run of N households: planning, collecting, including, writing the pain.001 file and validating it
  against the ISO 20022 schema, for 1 000 households and for the demo municipality's size.

The Django parts run against a fresh SQLite file in a temporary folder (or BENCH_DATABASE_URL), never against
the demo's or anyone's database. Numbers are wall-clock on this machine: compare runs on the same machine only.
"""
