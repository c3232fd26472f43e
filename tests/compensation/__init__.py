"""Compensation's tests, a package so that its helpers (``compensation.fakes``) are imported
under names of their own, beside the other contexts' helpers of the same file names."""
