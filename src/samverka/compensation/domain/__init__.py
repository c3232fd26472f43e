"""Compensation between municipalities (interkommunal ersättning, IKE) and grants to independent
organisers, as pure rules: price lists and their uplift, the structure supplement, the
measurement-day rule, the monthly pupil-month lines with retroactive corrections, statements,
net settlement between municipalities and the reconciliation check (admissions-rules.md §6, §7).
"""
