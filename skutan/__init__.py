"""Skutan: case management and follow-up for municipal individ- och familjeomsorg."""
