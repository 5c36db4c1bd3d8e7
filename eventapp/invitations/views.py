"""Placeholder: filled in by the invitations work."""
