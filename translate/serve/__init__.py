"""``translate serve``: a LibreTranslate-compatible HTTP front-end over the library.

Nothing here is imported by ``translate --help``: the ASGI stack loads when the server starts.
"""
