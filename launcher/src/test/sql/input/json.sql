-- the json type: input checking with PostgreSQL's DETAIL and CONTEXT lines, text kept as written, the accessors,
-- the constructors and aggregates, set-returning functions, casts and storage in tables
SELECT '{"b":1,  "a":[1, 2.50, "x"], "a":null}'::json;
SELECT '  [1, {"k": "v"}]  '::json, 'null'::json, '"\u00e9\n"'::json, '-1.5e3'::json, 'true'::json;
SELECT json '{"a":  1}' AS typed_literal, pg_typeof('1'::json), '[]'::json::text;
-- rejected input: each DETAIL and the CONTEXT line that shows the input up to the bad token
SELECT '{"a":}'::json;
SELECT '[1,2'::json;
SELECT '{"a":1 "b":2}'::json;
SELECT '{"a":1,}'::json;
SELECT '[1,]'::json;
SELECT '{1:2}'::json;
SELECT '{"a" 1}'::json;
SELECT 'nul'::json;
SELECT '01'::json;
SELECT '1.'::json;
SELECT '-'::json;
SELECT '"abc'::json;
SELECT '"abc\q"'::json;
SELECT '"\u12"'::json;
SELECT E'"tab\there"'::json;
SELECT ''::json;
SELECT '[1] x'::json;
SELECT '{"a":1, "b": [1, 2, 3], "c": {"d": "a very long string that goes on and on", "e": x}}'::json;
SELECT '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23] x'::json;
SELECT '{"a":1,
 "b": tru}'::json;
-- json does not decode escapes on input: a lone surrogate is kept, but the accessors that decode it fail
SELECT '"\ud83d"'::json;
SELECT '{"a":"\ud83d"}'::json ->> 'a';
-- accessors: -> and ->> by key and index (negative from the end), #> and #>> by path; json keeps the text
SELECT '{"a": {"b":  [1, 2, {"c": "x"}]}}'::json -> 'a';
SELECT '{"a": {"b":  [1, 2, {"c": "x"}]}}'::json -> 'a' -> 'b' -> -1 ->> 'c';
SELECT '{"a": {"b":  [1, 2]}}'::json #> '{a,b}', '{"a": {"b":  [1, 2]}}'::json #>> '{a,b,1}';
SELECT '{"a":1,"a":2}'::json -> 'a' AS last_duplicate_wins;
SELECT '[1,2,3]'::json -> 5, '[1,2,3]'::json -> -4, '{"a":1}'::json -> 0, '[1]'::json -> 'a';
SELECT '{"a":"x\"y"}'::json -> 'a', '{"a":"x\"y"}'::json ->> 'a', '{"a":null}'::json ->> 'a';
SELECT json_extract_path('{"a":{"b":[5,6]}}', 'a', 'b', '1'), json_extract_path_text('{"a":{"b":"x"}}', 'a', 'b');
SELECT json_typeof('{}'), json_typeof('[]'), json_typeof('"s"'), json_typeof('1'), json_typeof('true'),
       json_typeof('null');
SELECT json_array_length('[1, [2, 3], {}]');
SELECT json_array_length('{}');
SELECT json_array_length('1');
-- set-returning functions, in FROM and in the target list
SELECT * FROM json_each('{"b":1, "a":"x", "c":{"d": [1]}}') ORDER BY key;
SELECT * FROM json_each_text('{"b":1, "a":"x", "c":null}') ORDER BY key;
SELECT json_each('{"b":1, "a":"x"}');
SELECT json_object_keys('{"b":1, "a":2, "b":3}');
SELECT * FROM json_array_elements('[1, "a", {"x":  1}, null]');
SELECT value FROM json_array_elements_text('[1, "a", {"x": 1}, null]') AS e;
SELECT json_each('[1]');
SELECT json_each('1');
SELECT json_object_keys('[1]');
SELECT json_array_elements('{}');
-- constructors
SELECT json_build_object('a', 1, 'b', 'text', 'c', NULL, 'd', array[1,2], 'e', true, 'f', 1.50);
SELECT json_build_object(), json_build_array(), json_build_array(1, 'a', NULL, '{"x":1}'::json);
SELECT json_build_object(1, 2, true, 3);
SELECT json_build_object('a');
SELECT json_build_object(NULL, 1);
SELECT json_build_object(array[1], 1);
SELECT to_json(1.5::float8), to_json('NaN'::numeric), to_json('x'::text), to_json('a"b'::text), to_json(NULL::int);
SELECT to_json('2020-01-01'::date), to_json('2020-01-01 10:00:00.5'::timestamp), to_json(interval '1 day'),
       to_json(true), to_json('infinity'::timestamp);
SET TIME ZONE 'UTC';
SELECT to_json('2024-01-02 03:04:05.5+02'::timestamptz);
SET TIME ZONE 'Asia/Kolkata';
SELECT to_json('2024-01-02 03:04:05+00'::timestamptz);
RESET TIME ZONE;
SELECT to_json(array['a', NULL]), array_to_json(array[[1,2],[3,4]]), array_to_json('{}'::int[]);
SELECT array_to_json(array[1,2], true);
SELECT row_to_json(row(1, 'a', NULL)), row_to_json(row(1, array[1,2], row('x', NULL)), true);
SELECT json_strip_nulls('{"a" : null, "b": [1, null, {"c": null, "d": 1}]}');
SELECT json_object('{a,1,b,2,c,NULL}'), json_object('{{a,1},{b,2}}'), json_object('{a,b}', '{1,2}'), json_object('{}');
SELECT json_object('{a,1,b}');
SELECT json_build_object(VARIADIC array['a','b','c','d']), json_build_array(VARIADIC array[1,2]),
       json_build_array(VARIADIC NULL::int[]);
SELECT json_object_field('{"a": [1,  2]}', 'a'), json_object_field_text('{"a":"x"}', 'a'),
       json_array_element('[1,  {"b": 2}]', 1), json_array_element_text('["x"]', 0);
-- polymorphic arguments need a type
SELECT to_json('abc');
SELECT to_jsonb('abc');
SELECT array_to_json('{1,2}');
SELECT json_agg('x');
SELECT json_build_object('a', 'b'), json_build_object('a', NULL::text);
-- aggregates
SELECT json_agg(x ORDER BY x DESC) FROM generate_series(1, 3) x;
SELECT json_agg(a) FROM (VALUES (array[1,2]), (array[3])) v(a);
SELECT json_object_agg(k, v ORDER BY k) FROM (VALUES ('b', 1), ('a', NULL)) x(k, v);
SELECT json_agg(x) FILTER (WHERE false) FROM generate_series(1, 3) x;
SELECT json_object_agg(k, v) FROM (VALUES (NULL, 1)) x(k, v);
-- in a table: stored as written; rows as json with their column names
CREATE TABLE json_docs (id int PRIMARY KEY, doc json, tags text[]);
INSERT INTO json_docs VALUES (1, '{"name": "widget",  "price": 9.5}', '{a,b}'), (2, '[1, 2]', NULL),
    (3, NULL, '{}'), (4, '"just a string"', '{"with space"}');
INSERT INTO json_docs VALUES (5, '{bad}', NULL);
SELECT id, doc, doc -> 'name' AS name, json_typeof(doc) FROM json_docs ORDER BY id;
SELECT row_to_json(d) FROM json_docs d ORDER BY id;
SELECT json_agg(d ORDER BY id) FROM json_docs d WHERE id < 3;
SELECT to_json(d) FROM json_docs d WHERE id = 1;
UPDATE json_docs SET doc = json_build_object('name', doc ->> 'name', 'price', 10) WHERE id = 1;
SELECT doc FROM json_docs WHERE id = 1;
-- casts: json and jsonb are assignment-castable both ways, text by I/O conversion
SELECT '{"b":1, "a":2, "b":3}'::json::jsonb, '{"b":1, "a":2}'::jsonb::json;
CREATE TABLE json_copy (j jsonb);
INSERT INTO json_copy SELECT doc FROM json_docs WHERE doc IS NOT NULL;
SELECT j FROM json_copy ORDER BY j;
SELECT '[1]'::text::json, ('{"a":1}'::json)::text;
SELECT '{"a":1}'::json = '{"a":1}'::json;
DROP TABLE json_docs, json_copy;
