"""The association's tests, one package per part, so that each part's fakes are its own."""
