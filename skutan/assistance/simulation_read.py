"""Reading the simulator's households from the database straight into columns (simulation_arrays.py).

On PostgreSQL one query takes the frozen requests (Decision.inputs, jsonb) of the chosen decisions apart
with jsonb operators and returns, per decision, the columns the arrays need: month, adults, members, the
children as small codes (age × 3 + lunch), costs and incomes in whole kronor, the salaries. No request is
decoded in Python. The query also says whether the request is *plainly* valid, checked as strictly as
simulation_arrays._fast_features() (every key known, every amount a whole number of kronor, every date real,
…), and more strictly where SQL and Python could disagree (an id or a description must hold a letter or a
digit). A request it does not vouch for is read as JSON and goes the Python way (households_to_arrays), so
the columns are always those households_to_arrays() would give; the test proves it on seeded households.

SQLite (development, tests): every request goes the Python way.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np

from norm.model import COST_TYPES, INCOME_TYPES
from norm.parse import CHILD_AGE_LIMIT, COST_FIELDS, INCOME_FIELDS, MAX_COUNT, MEMBER_FIELDS, REQUEST_FIELDS
from skutan.assistance.simulation_arrays import (
    CHILD_CODE_KEY,
    MAX_FAST_AMOUNT,
    HouseholdArrays,
    combine,
    households_to_arrays,
)

COUNT = r"^[0-9]{1,5}$"  # a whole non-negative JSON number of at most 5 digits (MAX_COUNT is 32767)
AMOUNT = f"^[0-9]{{1,{len(str(MAX_FAST_AMOUNT))}}}$"  # whole kronor 0 … MAX_FAST_AMOUNT (all nines)
assert str(MAX_FAST_AMOUNT) == "9" * len(str(MAX_FAST_AMOUNT))

# LATEST_IDS is replaced by the subquery of the decision ids; %(name)s are the query's parameters. Each
# OFFSET 0 keeps PostgreSQL from pulling a subquery up, which would copy its expressions into every place
# that uses them and evaluate them (regular expressions included) many times per member.
COLUMNS_SQL = """
WITH chosen AS (
    SELECT d.id, (d.amount * 100)::bigint AS amount_ore, d.inputs AS j
    FROM assistance_decision d WHERE d.id IN (LATEST_IDS)
), head AS (
    SELECT c.id, c.amount_ore, c.j,
        CASE WHEN jsonb_typeof(c.j) = 'object' THEN c.j ELSE '{}'::jsonb END AS o,
        CASE WHEN jsonb_typeof(c.j) = 'object' THEN (c.j - %(request_fields)s::text[]) = '{}'::jsonb ELSE false END
            AS keys_ok
    FROM chosen c
    OFFSET 0
), head2 AS (
    SELECT h.*,
        CASE WHEN jsonb_typeof(h.o -> 'members') = 'array' THEN h.o -> 'members' ELSE '[]'::jsonb END AS members_j,
        CASE WHEN jsonb_typeof(h.o -> 'costs') = 'array' THEN h.o -> 'costs' ELSE '[]'::jsonb END AS costs_j,
        CASE WHEN jsonb_typeof(h.o -> 'incomes') = 'array' THEN h.o -> 'incomes' ELSE '[]'::jsonb END AS incomes_j,
        CASE WHEN jsonb_typeof(h.o -> 'month') = 'string' AND (h.o ->> 'month') ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'
             THEN CASE WHEN substr(h.o ->> 'month', 1, 4)::int BETWEEN 1 AND 9998
                       THEN substr(h.o ->> 'month', 1, 4)::int * 12 + substr(h.o ->> 'month', 6, 2)::int - 1 END
        END AS mi,
        CASE WHEN jsonb_typeof(h.o -> 'consecutive_months_on_assistance') = 'number'
             AND (h.o ->> 'consecutive_months_on_assistance') ~ %(count)s
             THEN (h.o ->> 'consecutive_months_on_assistance')::int END AS consecutive,
        CASE WHEN NOT h.o ? 'job_stimulus_months_used' THEN 0
             WHEN jsonb_typeof(h.o -> 'job_stimulus_months_used') = 'number'
             AND (h.o ->> 'job_stimulus_months_used') ~ %(count)s
             THEN (h.o ->> 'job_stimulus_months_used')::int END AS job_used,
        CASE WHEN NOT h.o ? 'cohabiting' THEN false
             WHEN jsonb_typeof(h.o -> 'cohabiting') = 'boolean' THEN (h.o -> 'cohabiting')::boolean END AS cohabiting,
        CASE WHEN NOT h.o ? 'shared_household_size' OR jsonb_typeof(h.o -> 'shared_household_size') = 'null' THEN 0
             WHEN jsonb_typeof(h.o -> 'shared_household_size') = 'number'
             AND (h.o ->> 'shared_household_size') ~ %(count)s
             THEN (h.o ->> 'shared_household_size')::int END AS shared,
        h.o ? 'shared_household_size' AND jsonb_typeof(h.o -> 'shared_household_size') <> 'null' AS shared_given,
        (NOT h.o ? 'costs' OR jsonb_typeof(h.o -> 'costs') IN ('null', 'array'))
        AND (NOT h.o ? 'incomes' OR jsonb_typeof(h.o -> 'incomes') IN ('null', 'array'))
        AND jsonb_typeof(h.o -> 'members') = 'array' AS lists_ok
    FROM head h
    OFFSET 0
)
SELECT h.id, h.amount_ore,
    COALESCE(h.keys_ok AND h.lists_ok AND h.mi IS NOT NULL AND h.consecutive <= %(max_count)s
             AND h.job_used <= %(max_count)s AND h.cohabiting IS NOT NULL AND h.shared IS NOT NULL
             AND (NOT h.shared_given OR h.shared BETWEEN m.members AND %(max_count)s)
             AND m.ok AND m.members > 0 AND m.adults > 0 AND NOT (h.cohabiting AND m.adults > 2)
             AND c.ok AND i.ok, false) AS fast,
    h.mi, m.adults, m.members, h.cohabiting, h.shared, c.total, i.total, h.consecutive, h.job_used,
    m.children, i.salaries, i.salary_child
FROM head2 h
CROSS JOIN LATERAL (
    SELECT COALESCE(bool_and(e.ok), false) AND count(DISTINCT e.member_id) = count(*) AS ok,
        count(*) AS members, count(*) FILTER (WHERE e.role = 'adult') AS adults,
        array_agg(greatest(e.age, 0) * 3 + e.lunch) FILTER (WHERE e.role = 'child') AS children
    FROM (
        SELECT v.member_id, v.role, v.lunch, v.age,
            COALESCE(v.is_object AND v.keys_ok AND v.id_ok AND v.born_ok AND v.born_month <= h.mi
                     AND (v.role = 'adult' AND (NOT v.m ? 'lunch_at_home' OR v.lunch_type IN ('boolean', 'null'))
                          OR v.role = 'child' AND v.lunch IS NOT NULL AND v.age < %(child_age_limit)s), false) AS ok
        FROM (
            SELECT w.*, w.by * 12 + w.bm - 1 AS born_month,
                h.mi / 12 - w.by - CASE WHEN mod(h.mi, 12) + 1 < w.bm OR (mod(h.mi, 12) + 1 = w.bm AND w.bd > 1)
                                        THEN 1 ELSE 0 END AS age,
                w.born_text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND w.by >= 1 AND w.bm BETWEEN 1 AND 12
                AND w.bd BETWEEN 1 AND CASE WHEN w.bm = 2 THEN
                    CASE WHEN mod(w.by, 4) = 0 AND (mod(w.by, 100) <> 0 OR mod(w.by, 400) = 0) THEN 29 ELSE 28 END
                    WHEN w.bm IN (4, 6, 9, 11) THEN 30 ELSE 31 END AS born_ok
            FROM (
                SELECT x.m, x.is_object, x.keys_ok, x.member_id, x.id_ok, x.role, x.lunch_type, x.born_text,
                    CASE WHEN x.lunch_type IS NULL OR x.lunch_type = 'null' THEN 2
                         WHEN x.lunch_type = 'boolean' THEN CASE WHEN (x.m -> 'lunch_at_home')::boolean THEN 0 ELSE 1 END
                    END AS lunch,
                    CASE WHEN x.dated THEN substr(x.born_text, 1, 4)::int END AS by,
                    CASE WHEN x.dated THEN substr(x.born_text, 6, 2)::int END AS bm,
                    CASE WHEN x.dated THEN substr(x.born_text, 9, 2)::int END AS bd
                FROM (
                    SELECT CASE WHEN jsonb_typeof(e) = 'object' THEN e ELSE '{}'::jsonb END AS m,
                        jsonb_typeof(e) = 'object' AS is_object,
                        CASE WHEN jsonb_typeof(e) = 'object' THEN (e - %(member_fields)s::text[]) = '{}'::jsonb
                             ELSE false END AS keys_ok,
                        e ->> 'id' AS member_id,
                        jsonb_typeof(e -> 'id') = 'string' AND (e ->> 'id') ~ '[[:alnum:]]' AS id_ok,
                        CASE WHEN jsonb_typeof(e -> 'role') = 'string' THEN e ->> 'role' END AS role,
                        jsonb_typeof(e -> 'lunch_at_home') AS lunch_type,
                        CASE WHEN jsonb_typeof(e -> 'birth_date') = 'string' THEN e ->> 'birth_date' END AS born_text,
                        jsonb_typeof(e -> 'birth_date') = 'string'
                        AND (e ->> 'birth_date') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AS dated
                    FROM jsonb_array_elements(h.members_j) AS e
                    OFFSET 0
                ) x
                OFFSET 0
            ) w
            OFFSET 0
        ) v
        OFFSET 0
    ) e
) m
CROSS JOIN LATERAL (
    SELECT COALESCE(bool_and(COALESCE(
            CASE WHEN jsonb_typeof(e) = 'object' THEN (e - %(cost_fields)s::text[]) = '{}'::jsonb ELSE false END
            AND jsonb_typeof(e -> 'amount') = 'number' AND (e ->> 'amount') ~ %(amount)s
            AND jsonb_typeof(e -> 'type') = 'string' AND (e ->> 'type') = ANY(%(cost_types)s::text[])
            AND CASE WHEN e ? 'description' THEN
                    jsonb_typeof(e -> 'description') IN ('null', 'string')
                    AND (e ->> 'type' <> 'other' OR (jsonb_typeof(e -> 'description') = 'string'
                                                    AND (e ->> 'description') ~ '[[:alnum:]]'))
                ELSE e ->> 'type' <> 'other' END, false)
        ), true) AS ok,
        COALESCE(sum(CASE WHEN jsonb_typeof(e -> 'amount') = 'number' AND (e ->> 'amount') ~ %(amount)s
                          THEN (e ->> 'amount')::bigint END), 0)::bigint AS total
    FROM jsonb_array_elements(h.costs_j) AS e
) c
CROSS JOIN LATERAL (
    SELECT COALESCE(bool_and(y.ok), true) AS ok, COALESCE(sum(y.amount), 0)::bigint AS total,
        array_agg(y.amount) FILTER (WHERE y.kind = 'salary') AS salaries,
        array_agg(y.earner_role = 'child') FILTER (WHERE y.kind = 'salary') AS salary_child
    FROM (
        SELECT z.amount, z.kind, z.earner_role,
            COALESCE(z.shape_ok AND z.amount IS NOT NULL
                     AND (NOT z.earner_given OR z.earner_role IS NOT NULL)
                     AND (z.kind <> 'salary' OR z.earner_role IS NOT NULL), false) AS ok
        FROM (
            SELECT
                CASE WHEN jsonb_typeof(e) = 'object' THEN (e - %(income_fields)s::text[]) = '{}'::jsonb ELSE false END
                AND jsonb_typeof(e -> 'type') = 'string' AND (e ->> 'type') = ANY(%(income_types)s::text[])
                AS shape_ok,
                CASE WHEN jsonb_typeof(e -> 'amount') = 'number' AND (e ->> 'amount') ~ %(amount)s
                     THEN (e ->> 'amount')::bigint END AS amount,
                e ->> 'type' AS kind,
                COALESCE(jsonb_typeof(e -> 'member') <> 'null', false) AS earner_given,
                CASE WHEN jsonb_typeof(e -> 'member') = 'string' THEN (
                    SELECT mm ->> 'role' FROM jsonb_array_elements(h.members_j) AS mm
                    WHERE jsonb_typeof(mm -> 'id') = 'string' AND mm ->> 'id' = e ->> 'member' LIMIT 1
                ) END AS earner_role
            FROM jsonb_array_elements(h.incomes_j) AS e
            OFFSET 0
        ) z
        OFFSET 0
    ) y
) i
ORDER BY h.id
"""


def _params() -> dict[str, Any]:
    return {
        "request_fields": sorted(REQUEST_FIELDS), "member_fields": sorted(MEMBER_FIELDS),
        "cost_fields": sorted(COST_FIELDS), "income_fields": sorted(INCOME_FIELDS),
        "cost_types": sorted(COST_TYPES), "income_types": sorted(INCOME_TYPES),
        "count": COUNT, "amount": AMOUNT, "max_count": MAX_COUNT, "child_age_limit": CHILD_AGE_LIMIT,
    }


def _column(values, dtype) -> np.ndarray:
    return np.fromiter(values, dtype=dtype, count=len(values))


def _sql_arrays(rows: Sequence[tuple]) -> tuple[np.ndarray, HouseholdArrays]:
    """(the rows SQL vouches for, their arrays) from the query's rows."""
    fast = _column([r[2] for r in rows], bool)
    chosen = [r for r in rows if r[2]]
    n = len(chosen)
    (_ids, _amounts, _fast, month_index, adults, members, cohabiting, shared, costs, incomes, consecutive, job_used,
     children, salaries, salary_child) = zip(*chosen, strict=True) if chosen else ([()] * 15)
    month_index = _column(month_index, np.int64)
    distinct, month = np.unique(month_index, return_inverse=True)
    child_counts = _column([len(c) if c else 0 for c in children], np.int64)
    salary_counts = _column([len(s) if s else 0 for s in salaries], np.int64)
    rows_of = np.arange(n, dtype=np.int64)
    codes = np.fromiter(chain.from_iterable(c for c in children if c), dtype=np.int64, count=int(child_counts.sum()))
    total_salaries = int(salary_counts.sum())
    arrays = HouseholdArrays(
        size=n, months=[(int(m) // 12, int(m) % 12 + 1) for m in distinct], month=month.astype(np.int64),
        adults=_column(adults, np.int64), members=_column(members, np.int64),
        cohabiting=_column(cohabiting, bool), shared=_column(shared, np.int64),
        costs=_column(costs, np.int64) * 100, incomes=_column(incomes, np.int64) * 100,
        consecutive=_column(consecutive, np.int64), job_used=_column(job_used, np.int64),
        child_household=np.repeat(rows_of, child_counts), child_key=CHILD_CODE_KEY[codes],
        salary_household=np.repeat(rows_of, salary_counts),
        salary_amount=np.fromiter(chain.from_iterable(s for s in salaries if s), dtype=np.int64,
                                  count=total_salaries) * 100,
        salary_child=np.fromiter(chain.from_iterable(s for s in salary_child if s), dtype=bool, count=total_salaries),
        slow=np.zeros(n, dtype=bool),
    )
    return np.flatnonzero(fast), arrays


def columns_query(latest_sql: str, latest_params: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """COLUMNS_SQL over the subquery, with its parameters. The subquery's are positional and the query's
    named: they are renamed, as psycopg takes one style per query."""
    pieces = latest_sql.split("%s")
    assert len(pieces) == len(latest_params) + 1
    names = [f"latest_{k}" for k in range(len(latest_params))]
    latest = "".join(piece + (f"%({names[k]})s" if k < len(names) else "") for k, piece in enumerate(pieces))
    return COLUMNS_SQL.replace("LATEST_IDS", latest), {**_params(), **dict(zip(names, latest_params, strict=True))}


def decisions_as_columns(latest_sql: str, latest_params: Sequence[Any]):
    """PostgreSQL: (decision ids, decided amounts in öre, the arrays, {row: inputs} of the requests read as
    JSON) for the decisions of the subquery ``latest_sql``, in id order."""
    from django.db import connection

    sql, params = columns_query(latest_sql, latest_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ids = _column([r[0] for r in rows], np.int64)
    amounts = _column([r[1] for r in rows], np.int64)
    fast_rows, fast_arrays = _sql_arrays(rows)
    slow_rows = np.setdiff1d(np.arange(len(rows), dtype=np.int64), fast_rows, assume_unique=True)
    inputs = decision_inputs([int(ids[r]) for r in slow_rows])
    slow_arrays = households_to_arrays([inputs[int(ids[r])] for r in slow_rows])
    arrays = combine(len(rows), [(fast_rows, fast_arrays), (slow_rows, slow_arrays)])
    return ids, amounts, arrays, {int(r): inputs[int(ids[r])] for r in slow_rows}


def decision_inputs(ids: Sequence[int]) -> dict[int, Any]:
    """The frozen requests of these decisions, by id (decoded from JSON: for the few the columns leave out)."""
    from skutan.assistance.models import Decision

    out: dict[int, Any] = {}
    for start in range(0, len(ids), 20000):  # an IN list per chunk keeps each query's parameters bounded
        out.update(Decision.objects.filter(id__in=ids[start:start + 20000]).values_list("id", "inputs"))
    return out


STORED_SQL = """
SELECT d.id, CAST(ROUND(d.amount * 100) AS BIGINT), s.decision_id IS NOT NULL, s.slow, s.month_index, s.adults,
    s.members, s.cohabiting, s.shared, s.costs, s.incomes, s.consecutive, s.job_used, s.children, s.salaries,
    s.salary_child
FROM assistance_decision d LEFT JOIN assistance_decisionsimulationinput s ON s.decision_id = d.id
WHERE d.id IN (LATEST_IDS)
ORDER BY d.id
"""


def _joined_ints(texts: Sequence[str], dtype=np.int64) -> np.ndarray:
    joined = ",".join(t for t in texts if t)
    return np.array(joined.split(","), dtype=dtype) if joined else np.zeros(0, dtype=dtype)


def _counts(texts: Sequence[str]) -> np.ndarray:
    return _column([t.count(",") + 1 if t else 0 for t in texts], np.int64)


def _stored_arrays(rows: Sequence[tuple]) -> HouseholdArrays:
    """The arrays of rows whose columns are stored (and not slow)."""
    from skutan.assistance.simulation_arrays import KEY_INDEX

    n = len(rows)
    (_ids, _amounts, _has, _slow, month_index, adults, members, cohabiting, shared, costs, incomes, consecutive,
     job_used, children, salaries, salary_child) = zip(*rows, strict=True) if rows else ([()] * 16)
    distinct, month = np.unique(_column(month_index, np.int64), return_inverse=True)
    rows_of = np.arange(n, dtype=np.int64)
    child_names = ",".join(c for c in children if c)
    names, inverse = np.unique(np.array(child_names.split(",") if child_names else [], dtype=object),
                               return_inverse=True)
    child_key = np.array([KEY_INDEX[name] for name in names], dtype=np.int64)[inverse] if len(names) else (
        np.zeros(0, dtype=np.int64))
    return HouseholdArrays(
        size=n, months=[(int(m) // 12, int(m) % 12 + 1) for m in distinct], month=month.astype(np.int64).ravel(),
        adults=_column(adults, np.int64), members=_column(members, np.int64),
        cohabiting=_column(cohabiting, bool), shared=_column(shared, np.int64),
        costs=_column(costs, np.int64), incomes=_column(incomes, np.int64),
        consecutive=_column(consecutive, np.int64), job_used=_column(job_used, np.int64),
        child_household=np.repeat(rows_of, _counts(children)), child_key=child_key.ravel(),
        salary_household=np.repeat(rows_of, _counts(salaries)), salary_amount=_joined_ints(salaries),
        salary_child=_joined_ints(salary_child).astype(bool), slow=np.zeros(n, dtype=bool),
    )


def stored_columns(latest_sql: str, latest_params: Sequence[Any]):
    """(decision ids, decided amounts in öre, the arrays, {row: inputs} of the requests read as JSON) for the
    decisions of the subquery ``latest_sql``, in id order, from their stored columns (simulation_store.py).
    A decision without stored columns is read the old way: the jsonb query on PostgreSQL, the JSON elsewhere;
    one whose request calculate() must decide is read as JSON."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(STORED_SQL.replace("LATEST_IDS", latest_sql), list(latest_params))
        rows = cursor.fetchall()
    n = len(rows)
    ids = _column([r[0] for r in rows], np.int64)
    amounts = _column([r[1] for r in rows], np.int64)
    has = _column([bool(r[2]) for r in rows], bool)
    slow = has & _column([bool(r[3]) for r in rows], bool)
    stored_rows = np.flatnonzero(has & ~slow)
    parts = [(stored_rows, _stored_arrays([rows[r] for r in stored_rows.tolist()]))]
    known: dict[int, Any] = {}
    missing_rows = np.flatnonzero(~has)
    if len(missing_rows) and connection.vendor == "postgresql":
        missing_ids, missing_amounts, missing_arrays, missing_known = decisions_as_columns(
            "SELECT unnest(%s::bigint[])", [ids[missing_rows].tolist()])
        assert np.array_equal(missing_ids, ids[missing_rows]) and np.array_equal(missing_amounts,
                                                                                 amounts[missing_rows])
        parts.append((missing_rows, missing_arrays))
        known.update({int(missing_rows[r]): inputs for r, inputs in missing_known.items()})
        decode_rows = np.flatnonzero(slow)
    else:
        decode_rows = np.flatnonzero(slow | ~has)
    inputs = decision_inputs([int(ids[r]) for r in decode_rows])
    parts.append((decode_rows, households_to_arrays([inputs[int(ids[r])] for r in decode_rows])))
    known.update({int(r): inputs[int(ids[r])] for r in decode_rows})
    return ids, amounts, combine(n, parts), known
