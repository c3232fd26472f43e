"""Board work's and agreements' tests."""
