"""Stores posts in a MySQL server (another service: its port is not the board's)."""

host = "localhost"
port = 3306


def connect(connector):
    return connector(host=host, port=port)
