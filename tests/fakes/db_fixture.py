"""Fixtures: filled in by its area."""
