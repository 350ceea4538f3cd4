"""Journal, summary and closing-reason templates for the demo cases.

Placeholders: {name} the person's first name, {child} a child's first name (the person in a children's
case), {month} a month in Swedish ("mars 2024"), {days} a small number of days.
"""

SUMMARIES = {
    "financial_assistance": [
        "Ansökan om försörjningsstöd", "Ansökan om försörjningsstöd, arbetslös", "Ansökan om försörjningsstöd, sjukskriven",
        "Ansökan om försörjningsstöd i väntan på ersättning", "Ansökan om bistånd till akut tandvård",
        "Ansökan om bistånd till hyresskuld", "Nyansökan efter flytt till kommunen",
    ],
    "children": [
        "Orosanmälan från skola", "Orosanmälan från förskola", "Orosanmälan från polis", "Orosanmälan från hälso- och sjukvården",
        "Orosanmälan från anonym anmälare", "Ansökan om stöd från vårdnadshavare", "Orosanmälan från BVC",
    ],
    "adults": [
        "Ansökan om behandling för alkoholberoende", "Ansökan om stöd vid narkotikaberoende", "Anmälan från polis",
        "Ansökan om boendestöd", "Anmälan från regionen, riskbruk", "Ansökan om kontaktperson",
    ],
}

OPENING_KINDS = {  # (kind, weight)
    "financial_assistance": [("application", 97), ("other", 3)],
    "children": [("report", 82), ("application", 14), ("other", 4)],
    "adults": [("application", 58), ("report", 32), ("other", 10)],
}

FIRST_ENTRY = {
    "financial_assistance": [
        "Nybesök. {name} berättar om sin situation och ansöker om försörjningsstöd. Informerat om rätten till bistånd, "
        "vilka underlag som behövs och handläggningstiden. Kopior på hyresavi och kontoutdrag lämnade.",
        "Ansökan inkommen via e-tjänsten. Kontaktat {name} per telefon för att boka nybesök. Begärt kompletterande "
        "underlag: kontoutdrag för tre månader och beslut från Försäkringskassan.",
        "Nybesök på mottagningen. {name} har nyligen blivit arbetslös och väntar på besked från a-kassan. "
        "Gått igenom budget och kostnader. Planering: inskrivning hos Arbetsförmedlingen inom en vecka.",
    ],
    "children": [
        "Orosanmälan inkommen. Skyddsbedömning gjord samma dag: inget omedelbart skyddsbehov för {child} bedöms föreligga. "
        "Förhandsbedömning inleds.",
        "Orosanmälan inkommen per telefon och bekräftad skriftligt. Skyddsbedömning samma dag tillsammans med enhetschef. "
        "Barnet bedöms inte vara i akut fara. Vårdnadshavare informeras om anmälan.",
        "Vårdnadshavare har själv kontaktat socialtjänsten och ansöker om stöd för {child}. Samtal bokat med familjen.",
    ],
    "adults": [
        "Första samtal med {name}, som själv tagit kontakt. Berättar om sitt alkoholbruk det senaste året och vill ha hjälp. "
        "Informerat om utredningen och möjliga insatser.",
        "Anmälan från polisen inkommen. {name} kontaktad per brev och telefon för att erbjudas samtal.",
        "Samtal med {name} tillsammans med kontaktperson från beroendemottagningen. Överenskommelse om att inleda utredning.",
    ],
}

REGULAR_ENTRY = {
    "financial_assistance": [
        "Ansökan om försörjningsstöd för {month} inkommen. Underlag kompletta. Handläggs enligt planering.",
        "Telefonsamtal med {name}. Har varit på möte hos Arbetsförmedlingen och fått en ny handläggare där. "
        "Planeringen fortsätter som tidigare.",
        "Uppföljningssamtal. {name} deltar i arbetsmarknadsinsats fyra dagar i veckan. Närvaron har varit god.",
        "Planeringssamtal med {name}. Gått igenom vad som hänt sedan förra mötet och uppdaterat planeringen. "
        "Nästa uppföljning om en månad.",
        "Läkarintyg inkommit som styrker nedsatt arbetsförmåga till och med {month}. Planeringen justeras.",
        "Kontakt med Försäkringskassan angående handläggning av sjukpenning. Beslut väntas inom {days} dagar.",
        "Ansökan för {month} inkommen med fördröjning. {name} har fått påminnelse om att lämna lönespecifikation.",
        "Trepartssamtal med {name} och Arbetsförmedlingen. Överens om att {name} ska söka fem arbeten i veckan.",
        "Budgetrådgivning. Gått igenom hushållets fasta kostnader tillsammans med {name}.",
        "{name} uteblev från inbokat besök. Nytt brev skickat med ny tid.",
        "Ansökan om bistånd till glasögon inkommen med kostnadsförslag. Utreds.",
        "Hembesök tillsammans med kollega. Bostaden i ordning. Samtal om boendesituationen.",
    ],
    "children": [
        "Förhandsbedömning: samtal med vårdnadshavare om innehållet i anmälan.",
        "Barnsamtal med {child} i skolan, enskilt. {child} berättar om sin vardag hemma och i skolan.",
        "Utredning inleds. Vårdnadshavare informerade muntligt och skriftligt. Planerat hembesök och kontakt med skolan.",
        "Hembesök hos familjen. Samtal med båda vårdnadshavarna och med {child}.",
        "Kontakt med skolans elevhälsa med samtycke från vårdnadshavare. Skolan beskriver hög frånvaro under hösten.",
        "Samverkansmöte (SIP) med skola, BUP och familjen. Gemensam plan upprättad.",
        "Uppföljning av insatsen. Familjebehandlaren beskriver att samarbetet fungerar väl.",
        "Samtal med {child} och kontaktpersonen. {child} tycker om träffarna och vill fortsätta.",
        "Telefonsamtal med vårdnadshavare om tider för nästa möte.",
        "Analys och bedömning skrivs enligt BBIC. Barnets utveckling, föräldrarnas förmåga samt familj och miljö belysta.",
        "Kontakt med BVC-sjuksköterska om {child}s hälsa och utveckling.",
        "Möte med familjehemmet inför uppföljning av vårdplanen.",
    ],
    "adults": [
        "Motiverande samtal med {name}. Pratar om vad som fungerat sedan förra träffen.",
        "Drogtest lämnat enligt överenskommelse. Resultat negativt.",
        "ASI-intervju genomförd. Underlag för fortsatt planering.",
        "SIP-möte med beroendemottagningen och {name}. Planeringen uppdaterad.",
        "{name} uteblev från samtal. Mobila teamet gör ett hembesök i veckan.",
        "Mobila teamet rapporterar från hembesök: {name} mår bättre och har ordning i bostaden.",
        "Samtal med {name} om boendesituationen. Bostadsfrågan tas upp med hyresvärden.",
        "Uppföljning av öppenvårdsbehandlingen. {name} har deltagit i alla gruppträffar denna månad.",
        "Telefonsamtal med {name}. Har återfallit under helgen och vill ha tätare kontakt.",
        "Kontakt med frivården angående gemensam planering.",
    ],
}

CORRECTION = [
    "Rättelse: datumet för besöket ska vara ett annat än det som står i anteckningen. I övrigt oförändrat.",
    "Rättelse: fel namn på kontaktpersonen angavs. Rätt kontaktperson framgår av akten.",
    "Rättelse: uppgiften om närvaron gällde föregående månad.",
]

DRAFT = [
    "Utkast: samtal med {name}, sammanfattning skrivs klart efter avstämning med kollega.",
    "Utkast: anteckningar från hembesöket. Kompletteras.",
    "Utkast: telefonsamtal med {name} om nästa steg.",
]

CLOSING_REASONS = {
    "financial_assistance": [
        ("Egen försörjning genom arbete", 30), ("Studier med studiemedel", 10), ("Flyttat från kommunen", 14),
        ("Ersättning från Försäkringskassan beviljad", 14), ("Ersättning från a-kassan", 12),
        ("Ingen ny ansökan inkommen", 16), ("Pension beviljad", 4),
    ],
    "children": [
        ("Ingen utredning inleds efter förhandsbedömning", 0),  # weighted by the timeline instead
        ("Utredning avslutad utan insats", 0),
        ("Insats avslutad, målen uppnådda", 0),
    ],
    "children_other": [
        ("Familjen har flyttat, ärendet överlämnat till annan kommun", 6), ("Barnet har fyllt 18 år", 4),
    ],
    "adults": [
        ("Insats avslutad enligt plan", 40), ("Klienten har avbrutit kontakten", 25), ("Flyttat från kommunen", 10),
        ("Överlämnat till regionens beroendevård", 15), ("Behov tillgodosett på annat sätt", 10),
    ],
}

CLOSING_ENTRY = {
    "financial_assistance": "Avslutningssamtal. {name} har inte längre behov av bistånd. Ärendet avslutas.",
    "children": "Ärendet avslutas. Vårdnadshavare och {child} informerade om beslutet.",
    "adults": "Avslutande samtal med {name}. Ärendet avslutas.",
}

MONTHS_SV = [
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
    "november", "december",
]
