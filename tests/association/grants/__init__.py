"""State grants' tests."""
