"""Utbetalningar: payments of decided ekonomiskt bistånd, payment runs and ISO 20022 pain.001 files."""
