"""Placeholder: filled in by the catalogue_views work."""
