"""What the API shares: the greeting."""


def greeting(app: str) -> str:
    return f"hello from uv-workspace {app}"
