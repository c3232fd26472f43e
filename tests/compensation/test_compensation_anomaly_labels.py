"""The reasons of unpaid pupil-months read the same on the page, in the API and on the command
line, in Swedish and English (issue 13 point 2: "reason code + Swedish/English text")."""

from __future__ import annotations

from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.domain.unpaid import REASON_TEXTS
from samverka.compensation.web.compensation_anomalies import REASON_LABELS
from samverka.platform.web.i18n import Catalogue


def test_every_reason_has_one_swedish_and_one_english_text_everywhere() -> None:
    english = Catalogue(["sv", "en"]).translations("en")
    assert REASON_LABELS.keys() == set(UnpaidReason)
    for reason, label in REASON_LABELS.items():
        assert label == REASON_TEXTS[reason].sv
        assert english.gettext(label) == REASON_TEXTS[reason].en
