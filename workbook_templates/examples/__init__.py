"""Commented example plan specs, one per language."""
