"""Declarative workbook templates: the default plan and labels per language."""
