"""The palace door: badges, check-in, arrivals (issue 20)."""
