"""The numbered catalogue of audited write events (Zulip's RealmAuditLog style).

Numbers are stable forever: add new ones, never renumber. Each app has its own hundred:
1xx accounts, 2xx people, 3xx cases and journal, 4xx children, 5xx assistance, 6xx norm tables,
7xx payments, 8xx quality and safety, 9xx follow-up and management.
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

    CASE_OPENED = 301, "Ärende aktualiserat"
    CASE_UPDATED = 302, "Ärende ändrat"
    CASE_ALLOCATED = 303, "Ärende fördelat"
    CASE_CLOSED = 304, "Ärende avslutat"
    CASE_ACCESS_GRANTED = 310, "Behörighet till ärende beviljad"
    CASE_EMERGENCY_ACCESS = 311, "Nödåtkomst till ärende"
    CASE_EMERGENCY_ACCESS_REVIEWED = 312, "Nödåtkomst granskad"
    JOURNAL_DRAFT_SAVED = 320, "Journalutkast sparat"
    JOURNAL_SIGNED = 321, "Journalanteckning signerad"
    JOURNAL_DRAFT_DELETED = 322, "Journalutkast borttaget"
