"""Where to send someone after an action, without ever becoming an open redirect."""


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(char) < 32 for char in target)
    ):
        return target
    return None
