from flask_wtf import FlaskForm


class ResetFeedLinkForm(FlaskForm):
    """Confirm resetting the personal calendar link: nothing to fill in but the CSRF token."""
