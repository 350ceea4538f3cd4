"""parse_request(): the JSON contract, and a Swedish refusal naming the field for every kind of bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from norm import NormInputError, parse_request

from .helpers import adult, child, contract


def test_contract_example_parses():
    request = parse_request(contract())
    assert request.month == (2021, 5)
    assert [m.id for m in request.members] == ["a", "b", "c"]
    assert request.members[2].birth_date == date(2016, 1, 20)
    assert request.members[2].lunch_at_home is False
    assert request.cohabiting is True and request.shared_household_size is None
    assert [(c.type, c.amount) for c in request.costs] == [("rent", 8200), ("household_electricity", 450)]
    assert [(i.type, i.amount, i.member) for i in request.incomes] == [
        ("salary", 12000, "a"),
        ("child_allowance", 1250, None),
    ]
    assert (request.consecutive_months_on_assistance, request.job_stimulus_months_used) == (2, 0)


@pytest.mark.parametrize("amount", [1250, "1250", Decimal("1250.50"), 1250.5, "0"])
def test_amount_forms_accepted(amount):
    data = contract()
    data["incomes"][1]["amount"] = amount
    assert parse_request(data).incomes[1].amount == Decimal(str(amount))


def _set(path, value):
    """A mutation of the contract example: set data[path...] = value."""

    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path):
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


BAD = [
    # (id, mutation, field, message fragment)
    ("unknown cost type", _set(["costs", 0, "type"], "boat"), "costs[0].type", "Okänd kostnadstyp: boat"),
    (
        "unknown income type",
        _set(["incomes", 1, "type"], "lottery"),
        "incomes[1].type",
        "Okänd inkomsttyp: lottery",
    ),
    ("negative cost", _set(["costs", 1, "amount"], -450), "costs[1].amount", "negativt"),
    ("negative income", _set(["incomes", 0, "amount"], "-1"), "incomes[0].amount", "negativt"),
    ("non-numeric amount", _set(["costs", 0, "amount"], "åttatusen"), "costs[0].amount", "ett tal"),
    ("boolean amount", _set(["costs", 0, "amount"], True), "costs[0].amount", "ett tal"),
    ("missing amount", _delete(["costs", 0, "amount"]), "costs[0].amount", "ett tal"),
    ("not finite", _set(["costs", 0, "amount"], "NaN"), "costs[0].amount", "ett tal"),
    ("fractions of öre", _set(["costs", 0, "amount"], "8200.005"), "costs[0].amount", "två decimaler"),
    (
        "impossible date",
        _set(["members", 2, "birth_date"], "2016-02-30"),
        "members[2].birth_date",
        "Ogiltigt datum: 2016-02-30",
    ),
    (
        "date format",
        _set(["members", 0, "birth_date"], "11/02/1986"),
        "members[0].birth_date",
        "Ogiltigt datum",
    ),
    (
        "born after the month",
        _set(["members", 2, "birth_date"], "2021-06-01"),
        "members[2].birth_date",
        "efter maj 2021",
    ),
    ("month without zero", _set(["month"], "2021-5"), "month", "Ogiltig månad: 2021-5"),
    ("month 13", _set(["month"], "2021-13"), "month", "Ogiltig månad"),
    ("month as word", _set(["month"], "maj 2021"), "month", "Ogiltig månad"),
    ("year zero", _set(["month"], "0000-05"), "month", "Ogiltig månad: 0000-05"),
    ("last month of the calendar", _set(["month"], "9999-12"), "month", "Ogiltig månad: 9999-12"),
    ("month missing", _delete(["month"]), "month", "Ogiltig månad"),
    ("unknown role", _set(["members", 1, "role"], "partner"), "members[1].role", "Okänd roll: partner"),
    # born 2000-05-01: 21 completed years on 2021-05-01
    ("child aged 21", _set(["members", 2, "birth_date"], "2000-05-01"), "members[2].birth_date", "21 år"),
    (
        "income member not a member",
        _set(["incomes", 0, "member"], "z"),
        "incomes[0].member",
        "Okänd person: z",
    ),
    ("salary without member", _delete(["incomes", 0, "member"]), "incomes[0].member", "vems lönen"),
    (
        "other cost without description",
        _set(["costs", 0], {"type": "other", "amount": 100}),
        "costs[0].description",
        "Beskriv kostnaden",
    ),
    (
        "other cost blank description",
        _set(["costs", 0], {"type": "other", "amount": 100, "description": " "}),
        "costs[0].description",
        "Beskriv kostnaden",
    ),
    ("no members", _set(["members"], []), "members", "minst en person"),
    ("members missing", _delete(["members"]), "members", "lista"),
    ("no adult", _set(["members"], [child("c", "2016-01-20")]), "members", "minst en vuxen"),
    (
        "three cohabiting adults",
        _set(["members"], [adult("a"), adult("b"), adult("d")]),
        "cohabiting",
        "3 vuxna",
    ),
    (
        "shared household smaller than members",
        _set(["shared_household_size"], 2),
        "shared_household_size",
        "mindre än",
    ),
    (
        "shared household not a number",
        _set(["shared_household_size"], "4"),
        "shared_household_size",
        "heltal",
    ),
    ("shared household zero", _set(["shared_household_size"], 0), "shared_household_size", "heltal"),
    ("duplicate member id", _set(["members", 1, "id"], "a"), "members[1].id", "finns redan"),
    ("member id missing", _delete(["members", 0, "id"]), "members[0].id", "id"),
    ("unknown field", _set(["cohabitting"], True), "cohabitting", "Okänt fält: cohabitting"),
    ("unknown member field", _set(["members", 0, "name"], "Anna"), "members[0].name", "Okänt fält: name"),
    ("cohabiting not a boolean", _set(["cohabiting"], "ja"), "cohabiting", "true eller false"),
    (
        "lunch not a boolean",
        _set(["members", 2, "lunch_at_home"], "nej"),
        "members[2].lunch_at_home",
        "true eller false",
    ),
    (
        "months negative",
        _set(["consecutive_months_on_assistance"], -1),
        "consecutive_months_on_assistance",
        "heltal",
    ),
    (
        "months missing",
        _delete(["consecutive_months_on_assistance"]),
        "consecutive_months_on_assistance",
        "heltal",
    ),
    (
        "job stimulus months not integer",
        _set(["job_stimulus_months_used"], 1.5),
        "job_stimulus_months_used",
        "heltal",
    ),
    ("costs not a list", _set(["costs"], {"type": "rent"}), "costs", "lista"),
    ("cost not an object", _set(["costs", 0], "rent"), "costs[0]", "JSON-objekt"),
]


@pytest.mark.parametrize(
    ("mutate", "field", "fragment"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_input_is_refused(mutate, field, fragment):
    data = contract()
    mutate(data)
    with pytest.raises(NormInputError) as raised:
        parse_request(data)
    assert raised.value.field == field
    assert fragment in raised.value.message
    assert raised.value.to_dict() == {"error": raised.value.message, "field": field}


def test_request_must_be_an_object():
    with pytest.raises(NormInputError) as raised:
        parse_request([contract()])
    assert raised.value.field == "request"


def test_impossible_date_message_exactly():
    data = contract()
    data["members"][2]["birth_date"] = "2016-02-30"
    with pytest.raises(NormInputError) as raised:
        parse_request(data)
    assert (raised.value.field, raised.value.message) == (
        "members[2].birth_date",
        "Ogiltigt datum: 2016-02-30",
    )
