"""Path converters shared by the portal's URLs."""


class TokenConverter:
    """A token from ``secrets.token_urlsafe`` in a link (confirmation, renewal, survey,
    calendar feed). Anything else is not a URL of the portal: a 404 before any query,
    so a NUL byte or a megabyte of text never reaches the database."""

    regex = r"[A-Za-z0-9_-]{16,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
