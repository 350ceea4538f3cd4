"""Writes for Barn och unga, one module per sub-domain. Each write runs in one transaction with its audit
row and its case event.

The flow: a report of concern (orosanmälan, ``reports``) comes in → skyddsbedömning the same day →
förhandsbedömning within 14 days (``assessments``) → an investigation (utredning, ``investigations``) with the
child's voice and barnets bästa (``voice``) → interventions (insatser, ``interventions``) that are followed up,
among them placements (``placements``); compulsory care under LVU (``lvu``); the guardians, notices and
samtycke (``parties``). The case (``skutan.cases``) carries the status; its changes go through the case
services. Everything public is importable from ``skutan.children.services`` as before.
"""

from skutan.children.services.assessments import (
    child_conversation_record,
    preliminary_assessment_decide,
    preliminary_assessment_extend,
    protection_assessment_record,
)
from skutan.children.services.interventions import (
    intervention_decide,
    intervention_end,
    intervention_follow_up_plan,
    intervention_follow_up_record,
)
from skutan.children.services.investigations import (
    bbic_notes_save,
    consultation_record,
    investigation_close,
    investigation_extend,
    investigation_open,
)
from skutan.children.services.letters import intervention_letter_store_sent, notice_letter_store_sent
from skutan.children.services.lvu import (
    lvu_care_application_extend,
    lvu_care_application_record,
    lvu_court_submission_record,
    lvu_decision_end,
    lvu_decision_register,
)
from skutan.children.services.parties import (
    consent_record,
    consent_withdraw,
    guardian_add,
    guardian_end,
    party_notice_record,
)
from skutan.children.services.placements import care_review_record, foster_home_register, placement_end
from skutan.children.services.reports import (
    child_report_feedback_record,
    child_report_link_child,
    child_report_register,
)
from skutan.children.services.voice import (
    best_interest_assessment_record,
    investigation_child_views_save,
    investigation_conversation_record,
)

__all__ = [
    "intervention_letter_store_sent",
    "notice_letter_store_sent",
    "bbic_notes_save",
    "best_interest_assessment_record",
    "care_review_record",
    "placement_end",
    "child_report_feedback_record",
    "consent_record",
    "consent_withdraw",
    "foster_home_register",
    "guardian_add",
    "guardian_end",
    "investigation_child_views_save",
    "investigation_conversation_record",
    "lvu_care_application_extend",
    "lvu_care_application_record",
    "lvu_court_submission_record",
    "lvu_decision_end",
    "lvu_decision_register",
    "party_notice_record",
    "child_conversation_record",
    "child_report_link_child",
    "child_report_register",
    "consultation_record",
    "intervention_decide",
    "intervention_end",
    "intervention_follow_up_plan",
    "intervention_follow_up_record",
    "investigation_close",
    "investigation_extend",
    "investigation_open",
    "preliminary_assessment_decide",
    "preliminary_assessment_extend",
    "protection_assessment_record",
]
