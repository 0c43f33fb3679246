"""What a psycopg 3 application does with osgres (issue 10, acceptance 5): arrays both ways and = ANY(list),
json and jsonb as dicts, interval as timedelta, uuid, numeric as Decimal, timestamptz, bytea and NULLs, a SERIAL
table with INSERT ... RETURNING id, and a named (server-side) cursor. Run by DriversIT against the real
distribution: python3 psycopg_check.py 'host=127.0.0.1 port=PORT user=postgres dbname=postgres'. Exits 1 with a
message naming the first value that differs from what PostgreSQL 15 gives; prints "ok" and exits 0 otherwise."""
import datetime
import decimal
import sys
import uuid

import psycopg
from psycopg.types.json import Json, Jsonb

failures = []


def check(what, got, want):
    if got != want or type(got) is not type(want):
        failures.append(f"{what}: got {got!r} ({type(got).__name__}), want {want!r} ({type(want).__name__})")


def main(dsn):
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.cursor()
        # arrays: Python lists in, lists out; = ANY(list)
        cur.execute("SELECT %s::int[], %s::text[]", ([1, 2, None, 3], ["a", "b c", None, 'q"uote']))
        check("int[] and text[] round trip", cur.fetchone(), ([1, 2, None, 3], ["a", "b c", None, 'q"uote']))
        cur.execute("SELECT ARRAY[1, 2, 3], ARRAY['x', 'y'], '{{1,2},{3,4}}'::int[]")
        check("array results", cur.fetchone(), ([1, 2, 3], ["x", "y"], [[1, 2], [3, 4]]))
        cur.execute("SELECT g FROM generate_series(1, 10) g WHERE g = ANY(%s) ORDER BY g", ([2, 5, 11],))
        check("= ANY(list of int)", cur.fetchall(), [(2,), (5,)])
        cur.execute("SELECT s FROM unnest(ARRAY['a', 'b', 'c']) s WHERE s = ANY(%s) ORDER BY s", (["c", "a"],))
        check("= ANY(list of str)", cur.fetchall(), [("a",), ("c",)])
        # json and jsonb: dicts in (Json/Jsonb wrappers), dicts out
        doc = {"name": "widget", "tags": ["a", "b"], "price": 9.5, "stock": None, "nested": {"ok": True}}
        cur.execute("SELECT %s::json, %s::jsonb", (Json(doc), Jsonb(doc)))
        check("json and jsonb round trip", cur.fetchone(), (doc, doc))
        cur.execute("SELECT %s::jsonb -> 'nested', %s::jsonb ->> 'name'", (Jsonb(doc), Jsonb(doc)))
        check("jsonb operators on a parameter", cur.fetchone(), ({"ok": True}, "widget"))
        cur.execute("SELECT '{\"b\": 1, \"a\": [1, 2]}'::jsonb, '[1, \"x\"]'::json, 'null'::jsonb")
        check("json literals", cur.fetchone(), ({"a": [1, 2], "b": 1}, [1, "x"], None))
        with conn.cursor(binary=True) as bcur:
            bcur.execute("SELECT %s::jsonb, '{\"k\": [true]}'::jsonb", (Jsonb(doc),))
            check("jsonb in binary", bcur.fetchone(), (doc, {"k": [True]}))
        # interval, uuid, numeric, timestamptz, bytea, NULLs
        delta = datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5)
        cur.execute("SELECT %s::interval, interval '1 day 02:03:04.000005', interval '-3 hours'", (delta,))
        check("interval as timedelta", cur.fetchone(), (delta, delta, datetime.timedelta(hours=-3)))
        u = uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        cur.execute("SELECT %s::uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid", (u,))
        check("uuid", cur.fetchone(), (u, u))
        cur.execute("SELECT %s::numeric, 1.50::numeric(10,2), 'NaN'::numeric, %s::numeric * 2",
                    (decimal.Decimal("12345678901234567890.123456789"), decimal.Decimal("0.1")))
        row = cur.fetchone()
        check("numeric as Decimal", row[:2], (decimal.Decimal("12345678901234567890.123456789"),
                                             decimal.Decimal("1.50")))
        check("numeric NaN", row[2].is_nan(), True)
        check("numeric arithmetic", row[3], decimal.Decimal("0.2"))
        ts = datetime.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=datetime.timezone.utc)
        cur.execute("SET TIME ZONE 'UTC'")
        cur.execute("SELECT %s::timestamptz, '2024-01-02 05:04:05.6+02'::timestamptz", (ts,))
        check("timestamptz", cur.fetchone(), (ts, ts))
        data = bytes(range(256))
        cur.execute("SELECT %s::bytea, '\\x00ff'::bytea", (data,))
        got = cur.fetchone()
        check("bytea", (bytes(got[0]), bytes(got[1])), (data, b"\x00\xff"))
        cur.execute("SELECT %s::int, %s::text, NULL::jsonb, NULL::int[]", (None, None))
        check("NULLs", cur.fetchone(), (None, None, None, None))
        # a SERIAL table: INSERT ... RETURNING id, then the rows back with every type
        cur.execute("DROP TABLE IF EXISTS psycopg_items")
        cur.execute("CREATE TABLE psycopg_items (id serial PRIMARY KEY, name text NOT NULL, tags text[], "
                    "attrs jsonb, price numeric(10,2), added timestamptz, blob bytea, ref uuid, wait interval)")
        ids = []
        for i in range(3):
            cur.execute("INSERT INTO psycopg_items (name, tags, attrs, price, added, blob, ref, wait) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                        (f"item{i}", ["t", str(i)], Jsonb({"i": i}), decimal.Decimal(i) + decimal.Decimal("0.25"),
                         ts, bytes([i]), u, delta))
            ids.append(cur.fetchone()[0])
        check("serial ids from RETURNING", ids, [1, 2, 3])
        cur.execute("INSERT INTO psycopg_items (name) VALUES (%s) RETURNING id, tags, attrs", ("empty",))
        check("RETURNING with NULL columns", cur.fetchone(), (4, None, None))
        cur.execute("SELECT id, name, tags, attrs, price, added, blob, ref, wait FROM psycopg_items "
                    "WHERE attrs @> %s ORDER BY id", (Jsonb({"i": 1}),))
        row = cur.fetchone()
        check("row with every type", row[:8], (2, "item1", ["t", "1"], {"i": 1}, decimal.Decimal("1.25"), ts,
                                                row[6], u))
        check("bytea column", bytes(row[6]), b"\x01")
        check("interval column", row[8], delta)
        cur.execute("UPDATE psycopg_items SET attrs = attrs || %s WHERE id = ANY(%s) RETURNING id",
                    (Jsonb({"updated": True}), [1, 3]))
        check("UPDATE ... WHERE id = ANY(list) RETURNING", sorted(r[0] for r in cur.fetchall()), [1, 3])
        cur.executemany("INSERT INTO psycopg_items (name) VALUES (%s)", [("m1",), ("m2",)])
        cur.execute("SELECT count(*) FROM psycopg_items")
        check("executemany", cur.fetchone(), (6,))
    # a named (server-side) cursor, in a transaction: DECLARE, FETCH in batches, CLOSE
    with psycopg.connect(dsn) as conn:
        with conn.cursor(name="psycopg_named") as named:
            named.itersize = 4
            named.execute("SELECT g, g * 2 FROM generate_series(1, 10) g ORDER BY g")
            first = named.fetchmany(3)
            rest = list(named)
            check("named cursor fetchmany", first, [(1, 2), (2, 4), (3, 6)])
            check("named cursor iteration", rest, [(g, g * 2) for g in range(4, 11)])
        with conn.cursor(name="psycopg_named_json") as named:
            named.execute("SELECT id, attrs FROM psycopg_items WHERE attrs IS NOT NULL ORDER BY id")
            check("named cursor over jsonb", named.fetchall(),
                  [(1, {"i": 0, "updated": True}), (2, {"i": 1}), (3, {"i": 2, "updated": True})])
        conn.execute("DROP TABLE psycopg_items")
        conn.commit()


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    finally:
        for f in failures:
            print("mismatch: " + f, file=sys.stderr)
    if failures:
        print(f"psycopg check failed: {len(failures)} mismatches", file=sys.stderr)
        sys.exit(1)
    print("ok")
