"""Mail as organizers see it: the outbox listed and searched (queries.py), a failed mail
sent again, and messages written to a group of people (services.py)."""
