"""Workbook labels, one YAML file per language (en, vi, zh)."""
