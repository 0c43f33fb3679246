// What a node-postgres (npm package pg, version 8) application does with osgres (issue 10, acceptance 5): arrays
// both ways and = ANY($1) with a JS array, json and jsonb as objects, interval, uuid, numeric, timestamptz, bytea
// and NULLs, a SERIAL table with INSERT ... RETURNING id, a prepared (named) statement. Run by DriversIT against
// the real distribution: NODE_PATH=DIR/node_modules node node_pg_check.js PORT [USER]. Exits 1 naming the first values
// that differ from what PostgreSQL 15 gives; prints "ok" and exits 0 otherwise.
'use strict';
const assert = require('assert');
const { Client } = require('pg');

const failures = [];

function check(what, got, want) {
  try {
    assert.deepStrictEqual(got, want);
  } catch (e) {
    failures.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

async function main(port, user) {
  const client = new Client({ host: '127.0.0.1', port, user, database: 'postgres' });
  await client.connect();
  try {
    await client.query("SET TIME ZONE 'UTC'");
    // arrays: JS arrays in, arrays out; = ANY($1)
    let r = await client.query('SELECT $1::int[] AS ints, $2::text[] AS texts',
      [[1, 2, null, 3], ['a', 'b c', null, 'q"uote', '{x}']]);
    check('int[] and text[] round trip', r.rows[0], { ints: [1, 2, null, 3], texts: ['a', 'b c', null, 'q"uote', '{x}'] });
    r = await client.query("SELECT ARRAY[1, 2, 3] AS a, ARRAY['x', 'y'] AS b, '{{1,2},{3,4}}'::int[] AS c");
    check('array results', r.rows[0], { a: [1, 2, 3], b: ['x', 'y'], c: [[1, 2], [3, 4]] });
    r = await client.query('SELECT g FROM generate_series(1, 10) g WHERE g = ANY($1) ORDER BY g', [[2, 5, 11]]);
    check('= ANY($1) with a JS array', r.rows.map((x) => x.g), [2, 5]);
    r = await client.query("SELECT s FROM unnest(ARRAY['a', 'b', 'c']) s WHERE s = ANY($1::text[]) ORDER BY s",
      [['c', 'a']]);
    check('= ANY($1::text[])', r.rows.map((x) => x.s), ['a', 'c']);
    // json and jsonb: objects in (serialised by pg), objects out
    const doc = { name: 'widget', tags: ['a', 'b'], price: 9.5, stock: null, nested: { ok: true } };
    r = await client.query('SELECT $1::json AS j, $2::jsonb AS jb', [doc, JSON.stringify(doc)]);
    check('json and jsonb round trip', r.rows[0], { j: doc, jb: doc });
    r = await client.query("SELECT $1::jsonb -> 'nested' AS n, $1::jsonb ->> 'name' AS s", [doc]);
    check('jsonb operators on a parameter', r.rows[0], { n: { ok: true }, s: 'widget' });
    r = await client.query('SELECT \'{"b": 1, "a": [1, 2]}\'::jsonb AS o, \'null\'::jsonb AS n, \'"s"\'::jsonb AS s');
    check('jsonb literals', r.rows[0], { o: { a: [1, 2], b: 1 }, n: null, s: 's' });
    // interval, uuid, numeric, timestamptz, bytea, NULLs
    r = await client.query("SELECT interval '1 day 02:03:04.5' AS i, $1::interval AS p", ['3 hours']);
    check('interval', { days: r.rows[0].i.days, hours: r.rows[0].i.hours, minutes: r.rows[0].i.minutes,
      seconds: r.rows[0].i.seconds, milliseconds: r.rows[0].i.milliseconds, p: r.rows[0].p.hours },
    { days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 500, p: 3 });
    const u = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    r = await client.query("SELECT $1::uuid AS u, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS v", [u]);
    check('uuid', r.rows[0], { u, v: u });
    r = await client.query('SELECT $1::numeric AS n, 1.50::numeric(10,2) AS m, $2::numeric * 2 AS d',
      ['12345678901234567890.123456789', '0.1']);
    check('numeric as strings', r.rows[0], { n: '12345678901234567890.123456789', m: '1.50', d: '0.2' });
    const ts = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 600));
    r = await client.query("SELECT $1::timestamptz AS t, '2024-01-02 05:04:05.6+02'::timestamptz AS u", [ts]);
    check('timestamptz', [r.rows[0].t.getTime(), r.rows[0].u.getTime()], [ts.getTime(), ts.getTime()]);
    const data = Buffer.from([...Array(256).keys()]);
    r = await client.query("SELECT $1::bytea AS b, '\\x00ff'::bytea AS c", [data]);
    check('bytea', [r.rows[0].b.equals(data), r.rows[0].c.toString('hex')], [true, '00ff']);
    r = await client.query('SELECT $1::int AS i, $2::text AS t, NULL::jsonb AS j, NULL::int[] AS a', [null, null]);
    check('NULLs', r.rows[0], { i: null, t: null, j: null, a: null });
    // a SERIAL table: INSERT ... RETURNING id, a named prepared statement, the rows back
    await client.query('DROP TABLE IF EXISTS node_items');
    await client.query('CREATE TABLE node_items (id serial PRIMARY KEY, name text NOT NULL, tags text[], attrs jsonb, '
      + 'price numeric(10,2), added timestamptz, blob bytea, ref uuid)');
    const ids = [];
    for (let i = 0; i < 3; i++) {
      r = await client.query({
        name: 'node_insert',
        text: 'INSERT INTO node_items (name, tags, attrs, price, added, blob, ref) '
          + 'VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        values: [`item${i}`, ['t', String(i)], { i }, `${i}.25`, ts, Buffer.from([i]), u],
      });
      ids.push(r.rows[0].id);
    }
    check('serial ids from RETURNING', ids, [1, 2, 3]);
    r = await client.query('INSERT INTO node_items (name) VALUES ($1) RETURNING id, tags, attrs', ['empty']);
    check('RETURNING with NULL columns', r.rows[0], { id: 4, tags: null, attrs: null });
    r = await client.query('SELECT id, name, tags, attrs, price, blob, ref FROM node_items WHERE attrs @> $1 ORDER BY id',
      [{ i: 1 }]);
    const row = r.rows[0];
    check('row with every type', { ...row, blob: row.blob.toString('hex') },
      { id: 2, name: 'item1', tags: ['t', '1'], attrs: { i: 1 }, price: '1.25', blob: '01', ref: u });
    r = await client.query('UPDATE node_items SET attrs = attrs || $1 WHERE id = ANY($2) RETURNING id',
      [{ updated: true }, [1, 3]]);
    check('UPDATE ... WHERE id = ANY($2) RETURNING', r.rows.map((x) => x.id).sort(), [1, 3]);
    r = await client.query('SELECT id, attrs FROM node_items WHERE attrs IS NOT NULL ORDER BY id');
    check('jsonb column', r.rows, [{ id: 1, attrs: { i: 0, updated: true } }, { id: 2, attrs: { i: 1 } },
      { id: 3, attrs: { i: 2, updated: true } }]);
    r = await client.query('SELECT count(*)::int AS n FROM node_items');
    check('count', r.rows[0].n, 4);
    await client.query('DROP TABLE node_items');
  } finally {
    await client.end();
  }
}

main(Number(process.argv[2]), process.argv[3] || 'postgres').then(() => {
  if (failures.length > 0) {
    failures.forEach((f) => console.error(`mismatch: ${f}`));
    console.error(`node-postgres check failed: ${failures.length} mismatches`);
    process.exit(1);
  }
  console.log('ok');
}, (e) => {
  failures.forEach((f) => console.error(`mismatch: ${f}`));
  console.error(`node-postgres check failed: ${e.stack || e}`);
  process.exit(1);
});
