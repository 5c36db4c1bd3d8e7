"""Placeholder: filled in by the attendees work (organizer pages)."""
