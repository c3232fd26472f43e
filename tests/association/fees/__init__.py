"""Member fees' tests."""
