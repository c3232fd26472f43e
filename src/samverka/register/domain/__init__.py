"""The youth register (UEDB): who is registered where, their school placements, and the
municipalities' activity follow-up (KAA) of young people outside upper-secondary school, as pure
rules over dated history (admissions-rules.md §6).
"""
