"""The official ISO 20022 schema files used to validate generated payment files (see README.md)."""
