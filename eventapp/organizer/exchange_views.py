"""Placeholder: filled in by the exchange_views work."""
