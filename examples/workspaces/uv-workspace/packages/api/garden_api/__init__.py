"""The garden API."""
