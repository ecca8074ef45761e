"""A message board."""
