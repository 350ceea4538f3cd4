"""The numbered catalogue of audited write events (Zulip's RealmAuditLog style).

Numbers are stable forever: add new ones, never renumber. Each app has its own hundred:
1xx accounts, 2xx people, 3xx cases and journal, 4xx children, 5xx assistance, 6xx norm tables,
7xx payments, 8xx quality and safety, 9xx follow-up and management, 10xx demo data.
"""

from django.db import models


class EventType(models.IntegerChoices):
    USER_LOGGED_IN = 101, "Inloggning"
    USER_LOGIN_FAILED = 102, "Misslyckad inloggning"
    USER_LOCKED_OUT = 103, "Konto spärrat efter misslyckade inloggningar"
    API_TOKEN_CREATED = 110, "API-nyckel skapad"
    MEMBERSHIP_CHANGED = 120, "Medlemskap ändrat"

    PERSON_CREATED = 201, "Person registrerad"
    PERSON_UPDATED = 202, "Personuppgifter ändrade"
    PERSON_PROTECTION_CHANGED = 203, "Skyddade personuppgifter ändrade"
    HOUSEHOLD_CREATED = 210, "Hushåll skapat"
    HOUSEHOLD_MEMBER_ADDED = 211, "Hushållsmedlem tillagd"
    HOUSEHOLD_MEMBER_REMOVED = 212, "Hushållsmedlem borttagen"
    HOUSEHOLD_UPDATED = 213, "Hushåll ändrat (sambor/makar)"

    CASE_OPENED = 301, "Ärende aktualiserat"
    CASE_UPDATED = 302, "Ärende ändrat"
    CASE_ALLOCATED = 303, "Ärende fördelat"
    CASE_CLOSED = 304, "Ärende avslutat"
    CASE_HOUSEHOLD_SET = 305, "Ärende kopplat till hushåll"
    CASE_ACCESS_GRANTED = 310, "Behörighet till ärende beviljad"
    CASE_EMERGENCY_ACCESS = 311, "Nödåtkomst till ärende"
    CASE_EMERGENCY_ACCESS_REVIEWED = 312, "Nödåtkomst granskad"
    JOURNAL_DRAFT_SAVED = 320, "Journalutkast sparat"
    JOURNAL_SIGNED = 321, "Journalanteckning signerad"
    JOURNAL_DRAFT_DELETED = 322, "Journalutkast borttaget"

    CHILD_REPORT_RECEIVED = 401, "Orosanmälan registrerad"
    CHILD_REPORT_CHILD_LINKED = 402, "Barnet i orosanmälan identifierat"
    PROTECTION_ASSESSMENT_RECORDED = 410, "Skyddsbedömning dokumenterad"
    PRELIMINARY_ASSESSMENT_DECIDED = 420, "Förhandsbedömning beslutad"
    PRELIMINARY_ASSESSMENT_EXTENDED = 421, "Förhandsbedömning förlängd (synnerliga skäl)"
    CHILD_CONVERSATION_RECORDED = 422, "Enskilt samtal med barnet dokumenterat"
    INVESTIGATION_OPENED = 430, "Utredning inledd"
    INVESTIGATION_EXTENDED = 431, "Utredningstid förlängd"
    INVESTIGATION_CONCLUDED = 432, "Utredning avslutad"
    BBIC_NOTE_SAVED = 433, "BBIC-anteckning sparad"
    CONSULTATION_RECORDED = 434, "Samråd dokumenterat"
    INTERVENTION_DECIDED = 440, "Insats beslutad"
    INTERVENTION_ENDED = 441, "Insats avslutad"
    INTERVENTION_FOLLOW_UP_PLANNED = 442, "Uppföljning av insats planerad"
    INTERVENTION_FOLLOW_UP_DONE = 443, "Uppföljning av insats genomförd"

    ASSISTANCE_APPLICATION_CREATED = 501, "Ansökan om ekonomiskt bistånd registrerad"
    ASSISTANCE_APPLICATION_UPDATED = 502, "Ansökan om ekonomiskt bistånd ändrad"
    ASSISTANCE_APPLICATION_RENEWED = 503, "Ny månad skapad från föregående ansökan"
    ASSISTANCE_DECISION_MADE = 510, "Beslut om ekonomiskt bistånd fattat"
    ASSISTANCE_GUIDELINE_CREATED = 520, "Riktlinje för ekonomiskt bistånd tillagd"
    ASSISTANCE_GUIDELINE_ENDED = 521, "Riktlinje för ekonomiskt bistånd avslutad"
    ASSISTANCE_CLOSING_CODE_SET = 560, "Avslutsorsak för registret angiven"
    ASSISTANCE_REGISTER_EXPORTED = 561, "Registerfil för ekonomiskt bistånd skapad"

    NORM_AMOUNT_SET = 601, "Riksnormsbelopp ändrat eller tillagt"
    NORM_AMOUNT_RESET = 602, "Riksnormsbelopp återställt till levererat värde"
    LEGAL_REFERENCE_CORRECTED = 610, "Lagrumshänvisning bekräftad eller rättad"

    PAYMENT_PLANNED = 701, "Utbetalning planerad"
    PAYMENT_STATUS_CHANGED = 702, "Utbetalningens status ändrad"
    PAYMENT_REVERSED = 703, "Utbetalning återförd"
    PAYEE_ACCOUNT_REGISTERED = 710, "Utbetalningskonto registrerat"
    PAYEE_ACCOUNT_VERIFIED = 711, "Utbetalningskonto verifierat"
    PAYMENT_RUN_CREATED = 720, "Utbetalningskörning skapad"
    PAYMENT_RUN_COMPLETED = 721, "Betalfil skapad och validerad"
    PAYMENT_RUN_FAILED = 722, "Utbetalningskörning avbruten"
    PAYMENT_RUN_SENT = 723, "Betalfil skickad till banken"

    LOG_REVIEW_RUN = 850, "Automatisk loggkontroll körd"
    LOG_REVIEW_ITEM_CLOSED = 851, "Loggkontrollpost granskad och stängd"

    DEMO_DATA_CREATED = 1001, "Demodata skapad"  # one row per bulk step of the demo generator
