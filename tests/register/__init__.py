"""The register context's tests (a package, so that its fakes module is its own)."""
