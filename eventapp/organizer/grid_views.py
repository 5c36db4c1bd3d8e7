"""Placeholder: filled in by the grid_views work."""
