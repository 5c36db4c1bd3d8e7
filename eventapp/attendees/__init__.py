"""Attendees: confirming and rejecting registrations, lists and exports for organizers."""
