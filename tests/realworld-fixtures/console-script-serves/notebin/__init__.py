"""A paste bin served as a bare ASGI app."""
