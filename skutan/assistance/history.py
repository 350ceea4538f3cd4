"""Ekonomiskt bistånd's steps of the case history, in words (registered in AssistanceConfig.ready)."""


def _month(event) -> str:
    month = (event.data or {}).get("month", "")
    return f" för {month[:7]}" if month else ""


LABELS = {
    "assistance_application_created": lambda e: "Ansökan om ekonomiskt bistånd registrerades" + _month(e),
    "assistance_decided": lambda e: "Beslut om ekonomiskt bistånd fattades" + _month(e),
    "assistance_decision_revised": "Ett beslut om ekonomiskt bistånd ändrades",
    "assistance_one_off_decided": "Beslut om enstaka bistånd fattades",
    "assistance_claim_decided": "Beslut om återkrav fattades",
    "assistance_claim_written_off": "Återkrav skrevs av",
    "assistance_appeal_registered": "Ett överklagande registrerades",
    "assistance_appeal_dismissed": "Ett överklagande avvisades",
    "assistance_appeal_sent": "Ett överklagande lämnades till förvaltningsrätten",
    "assistance_appeal_judged": "Förvaltningsrättens dom registrerades",
}
