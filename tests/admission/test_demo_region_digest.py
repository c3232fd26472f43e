"""The demo region is the same after its generation was made faster (issue 15, point 14): what
``build_demo_region`` gives for one size and seed is pinned to a digest computed with the
generator as it was before (its pupils with their grades, the catalogue, the choices), so that a
faster generator cannot change the demo's data unnoticed. A deliberate change of the demo's
data changes the digest, which is then computed anew and pinned here."""

from __future__ import annotations

import hashlib

from samverka.admission.demo import DemoRegion, build_demo_region

# Computed with the generator before issue 15's third pass (600 applicants, seed 7).
PINNED = "3557442f9c276433282381dfaad58ef0e8ababe68f06e736a7ba8dcc26bdf37a"


def _canonical(region: DemoRegion) -> str:
    """The region as plain values, field by field, in a fixed order."""
    lines = [repr((m.code, m.name, m.terms.value)) for m in region.municipalities]
    catalogue = region.catalogue
    lines += [repr((o.name, o.kind, o.municipality_code)) for o in catalogue.organisers]
    lines += [
        repr((u.code, u.name, u.organiser, u.municipality_code)) for u in catalogue.school_units
    ]
    lines += [
        repr(
            (
                o.code,
                o.school_unit_code,
                o.programme,
                o.places,
                o.orientation,
                o.discretionary_places,
                str(o.test_multiplier),
                str(o.test_minimum),
                o.leads_to,
            )
        )
        for o in catalogue.offerings
    ]
    for pupil in region.pupils:
        a = pupil.applicant
        guardians = [(g.name, g.email, g.phone) for g in a.guardians]
        grades = [(g.subject, g.letter.value, g.after_retake) for g in pupil.grades]
        lines.append(
            repr(
                (
                    a.personal_id.canonical,
                    a.name,
                    a.home_municipality,
                    a.school_unit_code,
                    a.protected_identity,
                    guardians,
                    str(a.arrival_date),
                    pupil.term.value,
                    grades,
                )
            )
        )
    for pid, choices in region.applications.items():
        chosen = [(c.offering_code, c.discretionary_quota, str(c.test_points)) for c in choices]
        lines.append(repr((pid, chosen)))
    return "\n".join(lines)


def test_the_demo_region_is_the_one_the_generator_gave_before_it_was_made_faster() -> None:
    region = build_demo_region(year=2026, applicants=600, seed=7)
    text = _canonical(region)
    assert len(region.pupils) == 1200
    assert hashlib.sha256(text.encode()).hexdigest() == PINNED
