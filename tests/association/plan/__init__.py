"""The operations plan's and budget's tests."""
