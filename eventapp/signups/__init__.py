"""Sign-ups for sessions with limited places: capacity, waitlists, switching."""
