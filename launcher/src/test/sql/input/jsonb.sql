-- the jsonb type: normalized output (keys sorted by length then bytes, the last duplicate winning, numbers as
-- numeric), input errors, operators, functions, ordering, grouping, indexes and storage
SELECT '{"b":1, "aa":2, "a":[1, 2.50, "x"], "b":{"z":null}}'::jsonb;
SELECT '1e2'::jsonb, '-0.0'::jsonb, '1.0e-3'::jsonb, '"\u00e9\n\"\\"'::jsonb, '[ ]'::jsonb, '{ }'::jsonb;
SELECT '"\ud83d\ude00"'::jsonb;
SELECT jsonb '{"é":1, "z":2, "ab":3}';
-- input errors: decoding escapes, jsonb also checks surrogate pairs and \u0000
SELECT '"\ud83d"'::jsonb;
SELECT '"\ude00x"'::jsonb;
SELECT '"\ud83d\ud83d"'::jsonb;
SELECT '"\u0000"'::jsonb;
SELECT '{"a":[1,2}'::jsonb;
SELECT '  '::jsonb;
SELECT '{"a":1,
 "c": {"d": "a very long", "e": tru}, "f": 1}'::jsonb;
-- accessors
SELECT '{"a":{"b":[1,2,{"c":"x"}]}}'::jsonb -> 'a' -> 'b' -> -1 ->> 'c';
SELECT '{"a":{"b":  [1, 2]}}'::jsonb -> 'a', '{"a":{"b":[1,2]}}'::jsonb #> '{a,b}', '{"a":{"b":[1,2]}}'::jsonb #>> '{a,b,1}';
SELECT '{"a":1}'::jsonb -> NULL::text, '[1]'::jsonb -> 5, '[1,2]'::jsonb -> -2, '{"a":null}'::jsonb ->> 'a',
       'null'::jsonb #>> '{}', '{"a":[1,2]}'::jsonb #> '{}', '{"a":[1,2]}'::jsonb #> '{a,x}';
SELECT '{"a":"x\"y\\z\n"}'::jsonb ->> 'a', '{"a":"x\"y\\z\n"}'::jsonb -> 'a';
SELECT jsonb_extract_path('{"a":{"b":1}}', 'a', 'b'), jsonb_extract_path_text('{"a":{"b":"x"}}', 'a', 'b'),
       jsonb_extract_path('{"a":[5,6]}', VARIADIC array['a', '-1']);
-- containment and existence
SELECT '{"a":1,"b":2}'::jsonb @> '{"a":1}', '{"a":1}'::jsonb <@ '{"a":1,"b":2}', '{"a":1}'::jsonb @> '{"a":2}';
SELECT '["a",{"b":1}]'::jsonb @> '[{"b":1}]', '[1,[2,3]]'::jsonb @> '[[3]]', '[1,2]'::jsonb @> '1',
       '1'::jsonb @> '[1]', '{"a":[1,2]}'::jsonb @> '{"a":[2]}', '{"a":[1,2]}'::jsonb @> '{"a":2}';
SELECT '{"a":1}'::jsonb ? 'a', '["a","b"]'::jsonb ? 'b', '"a"'::jsonb ? 'a', '{"a":{"b":1}}'::jsonb ? 'b';
SELECT '["a","b"]'::jsonb ?| array['x','b'], '["a","b"]'::jsonb ?& array['x','b'], '{"a":1,"b":2}'::jsonb ?& array['a','b'];
-- modification
SELECT '{"a":1}'::jsonb || '{"b":2, "a":3}', '[1]'::jsonb || '2', '{"a":1}'::jsonb || '[1]', '"a"'::jsonb || '"b"';
SELECT '{"a":1,"b":2}'::jsonb - 'a', '["a","b","a"]'::jsonb - 'a', '[1,2,3]'::jsonb - 1, '[1,2,3]'::jsonb - -1,
       '[1,2,3]'::jsonb - 9, '{"a":1,"b":2,"c":3}'::jsonb - array['a','c'];
SELECT '{"a":{"b":1,"c":2}}'::jsonb #- '{a,b}', '[1,[2,3]]'::jsonb #- '{1,0}', '{"a":1}'::jsonb #- '{x,y}';
SELECT '1'::jsonb - 'a';
SELECT '{"a":1}'::jsonb - 0;
SELECT '1'::jsonb #- '{a}';
SELECT '{"a":[1]}'::jsonb #- '{a,x}';
SELECT jsonb_set('{"a":[1,2]}', '{a,0}', '"x"'), jsonb_set('{"a":1}', '{b}', '2'), jsonb_set('{"a":1}', '{b}', '2', false);
SELECT jsonb_set('[1,2,3]', '{-1}', '9'), jsonb_set('[1,2,3]', '{10}', '9'), jsonb_set('[1,2,3]', '{-10}', '9'),
       jsonb_set('{"a":1}', '{b,c}', '9');
SELECT jsonb_set('1', '{a}', '1');
SELECT jsonb_set('{"a":[1]}', '{a,x}', '1');
SELECT jsonb_strip_nulls('{"a":null,"b":[null, {"c":null}],"d":{"e":null}}');
SELECT jsonb_pretty('{"a":[1,{"b":2}],"c":{},"d":[]}');
SELECT jsonb_pretty('"s"'), jsonb_pretty('[]');
-- functions
SELECT jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof('"s"'), jsonb_typeof('1.5'), jsonb_typeof('false'),
       jsonb_typeof('null');
SELECT jsonb_array_length('[1,2,[3,4]]');
SELECT jsonb_array_length('{}');
SELECT jsonb_array_length('1');
SELECT * FROM jsonb_each('{"b":1,"a":"x","c":[1,{"d":null}]}');
SELECT * FROM jsonb_each_text('{"b":1,"a":"x","c":null}');
SELECT key, value FROM jsonb_each('{"x":true}') AS e(key, value);
SELECT jsonb_each('{"b":1,"a":"x"}'), jsonb_each_text('{"c":"y"}');
SELECT jsonb_object_keys('{"bb":1,"a":"x","c":2}');
SELECT * FROM jsonb_array_elements('[1,"a",{"x": 1},null]');
SELECT jsonb_array_elements_text('[1,"a",{"x": 1},null]');
SELECT jsonb_each('[1]');
SELECT jsonb_object_keys('1');
SELECT jsonb_object_keys('[1]');
SELECT jsonb_array_elements('{}');
SELECT jsonb_array_elements('1');
-- constructors and aggregates
SELECT jsonb_build_object('b', 1, 'a', now()::date - now()::date, 'c', array[1,2], 'b', 'last'),
       jsonb_build_array(1, 'a', NULL, '{"x":1}'::jsonb), jsonb_build_object(), jsonb_build_array();
SELECT jsonb_build_object('a');
SELECT jsonb_build_object(NULL, 1);
SELECT jsonb_build_object(1, 2, true, 3, 1.5, 4);
SELECT to_jsonb(array[[1,2],[3,4]]), to_jsonb('Infinity'::float8), to_jsonb(1.50), to_jsonb('x'::text),
       to_jsonb(row(1, 'a')), to_jsonb('2020-01-01 10:00'::timestamp);
SELECT jsonb_agg(x ORDER BY x), jsonb_object_agg('k' || x, x ORDER BY x) FROM generate_series(1, 3) x;
SELECT jsonb_object_agg(k, v) FROM (VALUES ('b', 1), ('a', NULL), ('b', 3)) x(k, v);
SELECT jsonb_agg(x) FROM generate_series(1, 0) x;
-- casts
SELECT '1.50'::jsonb::numeric, '2.5'::jsonb::int, '-3'::jsonb::int8, '1.5'::jsonb::float8, 'true'::jsonb::bool,
       '{"a":1}'::jsonb::text, '[1]'::text::jsonb;
SELECT '"x"'::jsonb::int;
SELECT 'null'::jsonb::bool;
SELECT '[1]'::jsonb::numeric;
SELECT '{}'::jsonb::int2;
SELECT '1e10'::jsonb::int;
-- comparison: null < string < number < boolean < array < object, containers by size first
SELECT '{"a":1}'::jsonb = '{"a":1.0}', '[1,2]'::jsonb < '[1,3]', '[]'::jsonb < 'null', '1'::jsonb < '[5]',
       '{}'::jsonb > '[1,2,3]', '"a"'::jsonb < '1', 'true'::jsonb > '1', '{"b":1}'::jsonb > '{"a":2}',
       '[1,2]'::jsonb <> '[2,1]';
CREATE TABLE jsonb_docs (id int PRIMARY KEY, j jsonb);
INSERT INTO jsonb_docs VALUES (1, '{"a":1}'), (2, '[1,2]'), (3, 'null'), (4, '"s"'), (5, '{"a":1, "b":2}'),
    (6, '[]'), (7, '1'), (8, 'true'), (9, '{"a":2}'), (10, '[3]'), (11, '{"a":  1}'), (12, NULL), (13, '2.5');
SELECT id, j FROM jsonb_docs ORDER BY j, id;
SELECT j, count(*) FROM jsonb_docs GROUP BY j ORDER BY j;
SELECT DISTINCT j FROM jsonb_docs ORDER BY j DESC;
SELECT count(DISTINCT j), count(*) FROM (VALUES ('1.0'::jsonb), ('1'), ('[1.00]'), ('[1]'), ('{"a":2.0}'), ('{"a":2}')) v(j);
SELECT count(*) FROM (SELECT DISTINCT j FROM (VALUES ('1.0'::jsonb), ('1'), ('[1.00]'), ('[1]')) v(j)) d;
SELECT count(*) FROM (SELECT j FROM (VALUES ('1.0'::jsonb), ('1'), ('{"a":2.0}'), ('{"a":2}')) v(j) GROUP BY j) g;
SELECT min(id), max(id) FROM jsonb_docs WHERE j @> '{"a":1}';
SELECT id FROM jsonb_docs WHERE j ? 'b' OR j = '"s"' ORDER BY id;
SELECT id, j ->> 'a' AS a FROM jsonb_docs WHERE jsonb_typeof(j) = 'object' ORDER BY (j ->> 'a')::int, id;
-- an index on a jsonb column, and a unique one
CREATE INDEX jsonb_docs_j ON jsonb_docs (j);
SELECT id FROM jsonb_docs WHERE j = '{"a":1}' ORDER BY id;
CREATE TABLE jsonb_keys (k jsonb UNIQUE);
INSERT INTO jsonb_keys VALUES ('{"x":1, "y":2}');
INSERT INTO jsonb_keys VALUES ('{"y":2, "x":1}');
SELECT k FROM jsonb_keys;
-- whole rows as jsonb, updates through the operators
SELECT to_jsonb(d) FROM jsonb_docs d WHERE id < 3 ORDER BY id;
UPDATE jsonb_docs SET j = j || '{"c":3}' WHERE id = 5;
UPDATE jsonb_docs SET j = jsonb_set(j, '{a}', to_jsonb(id * 10)) WHERE id = 1;
SELECT id, j FROM jsonb_docs WHERE id IN (1, 5) ORDER BY id;
-- jsonb_insert, jsonb_set_lax, json[b]_object, VARIADIC arrays, the operators' functions
SELECT jsonb_insert('{"a":[1,2]}', '{a,1}', '"x"'), jsonb_insert('{"a":[1,2]}', '{a,1}', '"x"', true),
       jsonb_insert('{"a":[1,2]}', '{a,-1}', '"x"', true), jsonb_insert('{"a":[1,2]}', '{a,9}', '"x"'),
       jsonb_insert('{"a":[1,2]}', '{b}', '"x"');
SELECT jsonb_insert('{"a":[1,2]}', '{a}', '"x"');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL), jsonb_set_lax('{"a":1,"b":2}', '{a}', NULL, true, 'delete_key'),
       jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'return_target'), jsonb_set_lax('{"a":1}', '{a}', '2', true, 'bogus');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'raise_exception');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'bogus');
SELECT jsonb_object('{a,1,b,2,c,NULL}'), jsonb_object('{{b,1},{a,2}}'), jsonb_object('{a,b}', '{1,2}'), jsonb_object('{}');
SELECT jsonb_object('{a,1,b}');
SELECT jsonb_object('{{a,1,x},{b,2,y}}');
SELECT jsonb_object('{a,b}', '{1}');
SELECT jsonb_object('{a,NULL}'::text[], '{1,2}');
SELECT jsonb_build_object(VARIADIC array['b','1','a','2']), jsonb_build_array(VARIADIC array[1,2]),
       jsonb_build_array(VARIADIC NULL::int[]);
SELECT jsonb_build_object(VARIADIC array['a']);
SELECT jsonb_contains('{"a":1}', '{}'), jsonb_contained('{}', '{"a":1}'), jsonb_exists('{"a":1}', 'a'),
       jsonb_exists_any('{"a":1}', '{b,a}'), jsonb_exists_all('{"a":1}', '{b,a}'), jsonb_delete('{"a":1,"b":2}', 'a'),
       jsonb_delete('[1,2]', 0), jsonb_delete_path('{"a":{"b":1}}', '{a,b}'), jsonb_concat('[1]', '[2]');
SELECT jsonb_object_field('{"a":[1]}', 'a'), jsonb_object_field_text('{"a":"x"}', 'a'), jsonb_array_element('[1,2]', -1),
       jsonb_array_element_text('["x"]', 0);
-- subscripts: reading as #>, assignment creating what is missing
SELECT ('{"a":{"b":[1,2,3]}}'::jsonb)['a']['b'][1], ('{"a":{"b":[1,2,3]}}'::jsonb)['a']['b'][-1],
       ('{"a":1}'::jsonb)['x'], ('[1,2]'::jsonb)['a'], ('{"a":1}'::jsonb)[NULL::text];
SELECT ('{"a":1}'::jsonb)['a':'b'];
SELECT ('{"a":1}'::jsonb)[1.5];
CREATE TABLE jsonb_subs (id int, j jsonb);
INSERT INTO jsonb_subs VALUES (1, '{"a":1}'), (2, NULL), (3, '[]'), (4, '1'), (5, NULL);
UPDATE jsonb_subs SET j['a'] = '"x"' WHERE id = 1;
UPDATE jsonb_subs SET j['b']['c'][2] = '3' WHERE id = 1;
UPDATE jsonb_subs SET j[0] = to_jsonb(id) WHERE id = 2;
UPDATE jsonb_subs SET j[3] = 'true' WHERE id = 3;
UPDATE jsonb_subs SET j['k'] = NULL WHERE id = 5;
SELECT id, j, j['b']['c'] FROM jsonb_subs ORDER BY id;
UPDATE jsonb_subs SET j['a'] = '1' WHERE id = 4;
UPDATE jsonb_subs SET j[-9] = '1' WHERE id = 3;
UPDATE jsonb_subs SET j[NULL::int] = '1' WHERE id = 3;
DROP TABLE jsonb_subs;
-- nesting too deep for the stack; empty containers the modifying functions return as they are
SELECT repeat('[', 100000)::jsonb;
SELECT repeat('{"a":', 100000)::json;
SELECT '[]'::jsonb #- '{a}', '{}'::jsonb #- '{a}', jsonb_set('[]', '{a}', '1', false), '[]'::jsonb - 'a';
SELECT jsonb_set('[]', '{a}', '1');
-- COPY in and out, and a bad value naming its line and column
CREATE TABLE jc (id int, j jsonb, k json, a jsonb[]);
COPY jc FROM STDIN;
1	{"b": 2, "a": 1}	{"b": 2,  "a": 1}	{"{\\"x\\": 1}","[1, 2]"}
2	\N	[]	\N
\.
COPY jc TO STDOUT;
COPY jc TO STDOUT (FORMAT csv);
SELECT id, j, k, a FROM jc ORDER BY id;
COPY jc FROM STDIN;
3	{bad	[]	\N
\.
DROP TABLE jc;
-- the catalog: columns of json, jsonb and jsonb[] in pg_attribute, the types in pg_type
CREATE TABLE ja (j jsonb, k json, l jsonb[]);
SELECT attname, atttypid, attlen, attbyval, attalign, attstorage, format_type(atttypid, atttypmod)
  FROM pg_attribute WHERE attrelid = 'ja'::regclass AND attnum > 0 ORDER BY attnum;
SELECT typname, typlen, typcategory, typarray, typelem FROM pg_type WHERE oid IN (114, 3802, 199, 3807) ORDER BY oid;
SELECT pg_typeof(to_jsonb(1)), pg_typeof(row_to_json(row(1))), pg_typeof('{}'::jsonb -> 'a');
DROP TABLE ja;
-- named arguments of the path functions
SELECT jsonb_set_lax('{"a":1,"b":2}', '{b}', null, null_value_treatment => 'delete_key');
SELECT jsonb_set_lax('{"a":1,"b":2}', '{b}', null, null_value_treatment => 'return_target');
SELECT jsonb_set(jsonb_in => '{"a":1}', path => '{b}', replacement => '2', create_if_missing => false);
SELECT jsonb_insert('[1]', '{0}', '2', insert_after => true);
SELECT jsonb_set('{"a":1}', '{b}', '2', bogus => true);
-- numbers at numeric's limits
SELECT length('1e131071'::jsonb::text), length('1e-16383'::jsonb::text), '0e1000000000'::jsonb, '-0'::jsonb,
       '0.00e-2'::jsonb;
SELECT '1e131072'::jsonb;
SELECT '1.5e-16383'::jsonb;
SELECT '1e1000000000'::jsonb;
-- jsonb[] arrays
SELECT array['{"b":1,"a":2}', '[1]']::jsonb[], (array['{"b":1,"a":2}']::jsonb[])[1] -> 'a';
DROP TABLE jsonb_docs, jsonb_keys;
