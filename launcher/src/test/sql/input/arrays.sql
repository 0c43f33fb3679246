-- Arrays: literals, ARRAY[...], subscripts, ANY/ALL, operators, functions, aggregates, array columns.
-- Cases from PostgreSQL 15's src/test/regress/sql/arrays.sql that osgres answers exactly, and more.

select '{1,2,3}'::int[];
select '{1,2,3}'::int[] as a, '{{1,2},{3,4}}'::int4[] b;
select '[0:2]={1,2,3}'::int[];
select '{a,"b c",NULL,"NULL",""}'::text[];
select array[1,2,3];
select array[[1,2],[3,4]];
select array[array[1,2],array[3,4]];
select array[1.5, 2];
select array['a','b'];
select array[]::int[];
select array[];
select '{}'::text[];
select (array[1,2,3])[2];
select (array[1,2,3])[2:3];
select (array[1,2,3])[5];
select ('{{1,2},{3,4}}'::int[])[2][1];
select ('{{1,2},{3,4}}'::int[])[1:2][2];
select 1 = any(array[1,2]), 3 = any(array[1,2]), 1 = all(array[1,1]), 2 > all('{1,0}');
select null::int = any(array[1]), 1 = any(array[null,1]), 2 = any(array[null,1]), 1 = any('{}'::int[]);
select array[1,2] || array[3], array[1] || 2, 0 || array[1], array[[1,2]] || array[3,4];
select array[1,2] = array[1,2], array[1,2] < array[1,3], array[1,2] <> array[1], array[1,2,3] @> array[2], array[1] <@ array[1,2], array[1,2] && array[2,3];
select array_length(array[1,2,3], 1), array_length(array[1,2,3], 2), array_upper('[2:4]={1,2,3}'::int[], 1), array_lower('[2:4]={1,2,3}'::int[], 1);
select array_ndims('{{1},{2}}'::int[]), array_dims('{{1},{2}}'::int[]), cardinality('{{1},{2}}'::int[]), cardinality('{}'::int[]);
select array_append(array[1,2], 3), array_prepend(0, array[1,2]), array_cat(array[1,2], array[3,4]);
select array_position(array['a','b','c'], 'b'), array_positions(array[1,2,1], 1), array_remove(array[1,2,1], 1), array_replace(array[1,2,1], 1, 9);
select array_to_string(array[1,null,3], ','), array_to_string(array[1,null,3], ',', '*'), string_to_array('a,b,,c', ','), string_to_array('a,b,,c', ',', '');
select unnest(array[1,2,3]);
select * from unnest(array['a','b']);
select * from unnest(array['a','b']) with ordinality;
select generate_subscripts(array[5,6,7], 1);
select array_agg(x) from generate_series(1,4) x;
select array_agg(x order by x desc) from generate_series(1,4) x;
select array_agg(array[x, x*10]) from generate_series(1,3) x;
select array(select generate_series(1,3));
select array(select 'a' union all select 'b');
select '{1,2}'::int[]::text[], '{1,2}'::int[]::bigint[], array[1,2]::text;
select '{1.5,2}'::float8[], '{true,f}'::bool[], '{2020-01-02}'::date[], '{"1 day"}'::interval[];
select '{"\\x01"}'::bytea[];
select '{a'::text[];
select '{{1},2}'::int[];
select '{{1,2},{3}}'::int[];
select '{1,x}'::int[];
select array[1,2] || '{3,4}';
select pg_typeof(array[1]), pg_typeof(array['a'::varchar]), pg_typeof('{}'::bigint[]);
create table arr (id int, a int[], t text[], f float8[]);
insert into arr values (1, '{1,2,3}', '{a,b}', '{1.5}');
insert into arr values (2, '{4,5}', '{c}', null);
insert into arr values (3, '{}', '{}', '{}');
select * from arr order by id;
select id, a[1], t[2], cardinality(a) from arr order by a;
select id from arr where 2 = any(a);
select id from arr where a @> '{4}';
select sum(x) from arr, unnest(a) x;

create table ix (id int primary key, v text);
insert into ix select g, 'v' || g from generate_series(1, 1000) g;
analyze ix;
select * from ix where id = any('{5,3,5,null,2000}');
select * from ix where id = any(array[7, 1]) order by id desc;
select count(*) from ix where id = any('{}');
select count(*) from ix where id = any(null::int[]);
create table arr_tbl (f1 int[] unique);
insert into arr_tbl values ('{1,2,3}');
insert into arr_tbl values ('{1,2}');
insert into arr_tbl values ('{1,2,3}');
insert into arr_tbl values ('{2,3,4}');
insert into arr_tbl values ('{1,5,3}');
insert into arr_tbl values ('{1,2,10}');
select * from arr_tbl order by f1;
select array_fill(7, array[3,3],array[2,2]);
select array_fill(7, array[3,3]);
select array_fill('juhu'::text, array[3,3]);
select a, a = '{}' as is_eq, array_dims(a) from (select array_fill(42, array[0]) as a) ss;
select array_fill(1, null, array[2,2]);
select array_fill(1, array[3,3], array[1,1,1]);
select array_fill(1, array[1,2,null]);
SELECT arr, trim_array(arr, 2) FROM (VALUES ('{1,2,3,4,5,6}'::bigint[]), ('{1,2}'), ('[10:16]={1,2,3,4,5,6,7}'), ('[-15:-10]={1,2,3,4,5,6}'), ('{{1,10},{2,20},{3,30},{4,40}}')) v(arr);
SELECT trim_array(ARRAY[1, 2, 3], -1);
SELECT op, width_bucket(op, ARRAY[1, 3, 5, 10]) AS wb_1 FROM generate_series(0,11) as op;
SELECT width_bucket(5, ARRAY[3, 4, NULL]);
SELECT width_bucket(5, ARRAY[ARRAY[1, 2], ARRAY[3, 4]]);
select v, v is null as "is null" from string_to_table('1|2|3|', '|') g(v);
select v, v is null as "is null" from string_to_table('1,2,3,4,*,6', ',', '*') g(v);
select v, v is null as "is null" from string_to_table(NULL, '|') g(v);
select abs(unnest(array[1,2,null,-3]));
select array_agg(distinct ar order by ar desc) from (select array[i / 2] from generate_series(1,10) a(i)) b(ar);
select array_agg(ar) from (select array_agg(array[i, i+1, i-1]) from generate_series(1,2) a(i)) b(ar);
select array_agg('{}'::int[]) from generate_series(1,2);
select array_agg(null::int[]) from generate_series(1,2);
select array_agg(ar) from (values ('{1,2}'::int[]), ('{3}'::int[])) v(ar);
select array(select array[i,i/2] from generate_series(1,5) i);
SELECT array_agg(x) || array_agg(x) FROM (VALUES (ROW(1,2)), (ROW(3,4))) v(x);
SELECT ROW(1,2) || array_agg(x) FROM (VALUES (ROW(3,4)), (ROW(5,6))) v(x);
SELECT array_position(ids, (1, 1)), array_positions(ids, (1, 1)) FROM (VALUES (ARRAY[(0, 0), (1, 1)]), (ARRAY[(1, 1)])) AS f (ids);
select row(1,1.1) = any (array[ row(7,7.7), row(1,1.1), row(0,0.0) ]);
select array[ row(1,2), row(3,4), row(5,6) ];
select 'foo' like any (array['%a', '%o']), 'foo' not like all (array['%a', '%o']), 'foo' ilike all (array['F%', '%O']);

-- expressions
SELECT t.f[1][3][1] AS "131", t.f[2][2][1] AS "221" FROM (
  SELECT ARRAY[[[111,112],[121,122],[131,132]],[[211,212],[221,122],[231,232]]] AS f
) AS t;
SELECT ARRAY[[[[[['hello'],['world']]]]]];
SELECT ARRAY[ARRAY['hello'],ARRAY['world']];

-- with nulls
SELECT '{1,null,3}'::int[];
SELECT ARRAY[1,NULL,3];

-- functions
SELECT array_append(array[42], 6) AS "{42,6}";
SELECT array_prepend(6, array[42]) AS "{6,42}";
SELECT array_cat(ARRAY[1,2], ARRAY[3,4]) AS "{1,2,3,4}";
SELECT array_cat(ARRAY[1,2], ARRAY[[3,4],[5,6]]) AS "{{1,2},{3,4},{5,6}}";
SELECT array_cat(ARRAY[[3,4],[5,6]], ARRAY[1,2]) AS "{{3,4},{5,6},{1,2}}";

SELECT array_position(ARRAY[1,2,3,4,5], 4);
SELECT array_position(ARRAY[5,3,4,2,1], 4);
SELECT array_position(ARRAY[[1,2],[3,4]], 3);
SELECT array_position(ARRAY['sun','mon','tue','wed','thu','fri','sat'], 'mon');
SELECT array_position(ARRAY['sun','mon','tue','wed','thu','fri','sat'], 'sat');
SELECT array_position(ARRAY['sun','mon','tue','wed','thu','fri','sat'], NULL);
SELECT array_position(ARRAY['sun','mon','tue','wed','thu',NULL,'fri','sat'], NULL);
SELECT array_position(ARRAY['sun','mon','tue','wed','thu',NULL,'fri','sat'], 'sat');

SELECT array_positions(NULL, 10);
SELECT array_positions(NULL, NULL::int);
SELECT array_positions(ARRAY[1,2,3,4,5,6,1,2,3,4,5,6], 4);
SELECT array_positions(ARRAY[[1,2],[3,4]], 4);
SELECT array_positions(ARRAY[1,2,3,4,5,6,1,2,3,4,5,6], NULL);
SELECT array_positions(ARRAY[1,2,3,NULL,5,6,1,2,3,NULL,5,6], NULL);
SELECT array_length(array_positions(ARRAY(SELECT 'AAAAAAAAAAAAAAAAAAAAAAAAA'::text || i % 10
                                          FROM generate_series(1,100) g(i)),
                                  'AAAAAAAAAAAAAAAAAAAAAAAAA5'), 1);

SELECT array_position('[2:4]={1,2,3}'::int[], 1);
SELECT array_positions('[2:4]={1,2,3}'::int[], 1);

SELECT
    array_position(ids, (1, 1)),
    array_positions(ids, (1, 1))
        FROM
(VALUES
    (ARRAY[(0, 0), (1, 1)]),
    (ARRAY[(1, 1)])
) AS f (ids);

-- operators
SELECT NOT ARRAY[1.1,1.2,1.3] = ARRAY[1.1,1.2,1.3] AS "FALSE";
SELECT ARRAY[1,2] || 3 AS "{1,2,3}";
SELECT 0 || ARRAY[1,2] AS "{0,1,2}";
SELECT ARRAY[1,2] || ARRAY[3,4] AS "{1,2,3,4}";
SELECT ARRAY[[['hello','world']]] || ARRAY[[['happy','birthday']]] AS "ARRAY";
SELECT ARRAY[[1,2],[3,4]] || ARRAY[5,6] AS "{{1,2},{3,4},{5,6}}";
SELECT ARRAY[0,0] || ARRAY[1,1] || ARRAY[2,2] AS "{0,0,1,1,2,2}";
SELECT 0 || ARRAY[1,2] || 3 AS "{0,1,2,3}";
SELECT ARRAY[1.1] || ARRAY[2,3,4];
-- array casts
SELECT ARRAY[1,2,3]::text[]::int[]::float8[] AS "{1,2,3}";
SELECT pg_typeof(ARRAY[1,2,3]::text[]::int[]::float8[]) AS "double precision[]";
SELECT ARRAY[['a','bc'],['def','hijk']]::text[]::varchar[] AS "{{a,bc},{def,hijk}}";
SELECT pg_typeof(ARRAY[['a','bc'],['def','hijk']]::text[]::varchar[]) AS "character varying[]";
SELECT CAST(ARRAY[[[[[['a','bb','ccc']]]]]] as text[]) as "{{{{{{a,bb,ccc}}}}}}";
SELECT NULL::text[]::int[] AS "NULL";

-- scalar op any/all (array)
select 33 = any ('{1,2,3}');
select 33 = any ('{1,2,33}');
select 33 = all ('{1,2,33}');
select 33 >= all ('{1,2,33}');
-- boundary cases
select null::int >= all ('{1,2,33}');
select null::int >= all ('{}');
select null::int >= any ('{}');
-- cross-datatype
select 33.4 = any (array[1,2,3]);
select 33.4 > all (array[1,2,3]);
-- errors
select 33 * any ('{1,2,3}');
select 33 * any (44);
-- nulls
select 33 = any (null::int[]);
select null::int = any ('{1,2,3}');
select 33 = any ('{1,null,3}');
select 33 = any ('{1,null,33}');
select 33 = all (null::int[]);
select null::int = all ('{1,2,3}');
select 33 = all ('{1,null,3}');
select 33 = all ('{33,null,33}');
-- nulls later in the bitmap
SELECT -1 != ALL(ARRAY(SELECT NULLIF(g.i, 900) FROM generate_series(1,1000) g(i)));


-- test [not] (like|ilike) (any|all) (...)
select 'foo' like any (array['%a', '%o']); -- t
select 'foo' like any (array['%a', '%b']); -- f
select 'foo' like all (array['f%', '%o']); -- t
select 'foo' like all (array['f%', '%b']); -- f
select 'foo' not like any (array['%a', '%b']); -- t
select 'foo' not like all (array['%a', '%o']); -- f
select 'foo' ilike any (array['%A', '%O']); -- t
select 'foo' ilike all (array['F%', '%O']); -- t

--
-- General array parser tests
--

-- none of the following should be accepted
select '{{1,{2}},{2,3}}'::text[];
select '{{},{}}'::text[];
select E'{{1,2},\\{2,3}}'::text[];
select '{{"1 2" x},{3}}'::text[];
select '{}}'::text[];
select '{ }}'::text[];
select array[];
-- none of the above should be accepted

-- all of the following should be accepted
select '{}'::text[];
select '{{{1,2,3,4},{2,3,4,5}},{{3,4,5,6},{4,5,6,7}}}'::text[];
select '{0 second  ,0 second}'::interval[];
select '{ { "," } , { 3 } }'::text[];
select '  {   {  "  0 second  "   ,  0 second  }   }'::text[];
select '{
           0 second,
           @ 1 hour @ 42 minutes @ 20 seconds
         }'::interval[];
select array[]::text[];
select '[0:1]={1.1,2.2}'::float8[];
-- all of the above should be accepted

-- tests for array aggregates
CREATE TEMP TABLE arraggtest ( f1 INT[], f2 TEXT[][], f3 FLOAT[]);
select string_to_array('1||2|3||', '||');
select string_to_array('1|2|3', '');
select string_to_array('', '|');
select string_to_array('1|2|3', NULL);
select string_to_array(NULL, '|') IS NULL;
select string_to_array('abc', '');
select string_to_array('abc', '', 'abc');
select string_to_array('abc', ',');
select string_to_array('abc', ',', 'abc');
select string_to_array('1,2,3,4,,6', ',');
select string_to_array('1,2,3,4,,6', ',', '');
select string_to_array('1,2,3,4,*,6', ',', '*');

select v, v is null as "is null" from string_to_table('1|2|3', '|') g(v);
select v, v is null as "is null" from string_to_table('1|2|3|', '|') g(v);
select v, v is null as "is null" from string_to_table('1||2|3||', '||') g(v);
select v, v is null as "is null" from string_to_table('1|2|3', '') g(v);
select v, v is null as "is null" from string_to_table('', '|') g(v);
select v, v is null as "is null" from string_to_table('1|2|3', NULL) g(v);
select v, v is null as "is null" from string_to_table(NULL, '|') g(v);
select v, v is null as "is null" from string_to_table('abc', '') g(v);
select v, v is null as "is null" from string_to_table('abc', '', 'abc') g(v);
select v, v is null as "is null" from string_to_table('abc', ',') g(v);
select v, v is null as "is null" from string_to_table('abc', ',', 'abc') g(v);
select v, v is null as "is null" from string_to_table('1,2,3,4,,6', ',') g(v);
select v, v is null as "is null" from string_to_table('1,2,3,4,,6', ',', '') g(v);
select v, v is null as "is null" from string_to_table('1,2,3,4,*,6', ',', '*') g(v);

select array_to_string(NULL::int4[], ',') IS NULL;
select array_to_string('{}'::int4[], ',');
select array_to_string(array[1,2,3,4,NULL,6], ',');
select array_to_string(array[1,2,3,4,NULL,6], ',', '*');
select array_to_string(array[1,2,3,4,NULL,6], NULL);
select array_to_string(array[1,2,3,4,NULL,6], ',', NULL);

select array_to_string(string_to_array('1|2|3', '|'), '|');

select array_length(array[1,2,3], 1);
select array_length(array[[1,2,3], [4,5,6]], 0);
select array_length(array[[1,2,3], [4,5,6]], 1);
select array_length(array[[1,2,3], [4,5,6]], 2);
select array_length(array[[1,2,3], [4,5,6]], 3);

select cardinality(NULL::int[]);
select cardinality('{}'::int[]);
select cardinality(array[1,2,3]);
select cardinality('[2:4]={5,6,7}'::int[]);
select cardinality('{{1,2}}'::int[]);
select cardinality('{{1,2},{3,4},{5,6}}'::int[]);
select cardinality('{{{1,9},{5,6}},{{2,3},{3,4}}}'::int[]);

-- array_agg(anynonarray)

-- array_agg(anyarray)
select array_agg(ar)
  from (values ('{1,2}'::int[]), ('{3,4}'::int[])) v(ar);
select array_agg(distinct ar order by ar desc)

CREATE TEMP TABLE arraggtest ( f1 INT[], f2 TEXT[][], f3 FLOAT[]);

INSERT INTO arraggtest (f1, f2, f3) VALUES
('{1,2,3,4}','{{grey,red},{blue,blue}}','{1.6, 0.0}');
INSERT INTO arraggtest (f1, f2, f3) VALUES
('{1,2,3}','{{grey,red},{grey,blue}}','{1.6}');
SELECT max(f1), min(f1), max(f2), min(f2), max(f3), min(f3) FROM arraggtest;

INSERT INTO arraggtest (f1, f2, f3) VALUES
('{3,3,2,4,5,6}','{{white,yellow},{pink,orange}}','{2.1,3.3,1.8,1.7,1.6}');
SELECT max(f1), min(f1), max(f2), min(f2), max(f3), min(f3) FROM arraggtest;

INSERT INTO arraggtest (f1, f2, f3) VALUES
('{2}','{{black,red},{green,orange}}','{1.6,2.2,2.6,0.4}');
SELECT max(f1), min(f1), max(f2), min(f2), max(f3), min(f3) FROM arraggtest;

INSERT INTO arraggtest (f1, f2, f3) VALUES
('{4,2,6,7,8,1}','{{red},{black},{purple},{blue},{blue}}',NULL);
SELECT max(f1), min(f1), max(f2), min(f2), max(f3), min(f3) FROM arraggtest;

INSERT INTO arraggtest (f1, f2, f3) VALUES
('{}','{{pink,white,blue,red,grey,orange}}','{2.1,1.87,1.4,2.2}');
SELECT max(f1), min(f1), max(f2), min(f2), max(f3), min(f3) FROM arraggtest;

select array_agg(distinct ar order by ar desc)
  from (select array[i / 2] from generate_series(1,10) a(i)) b(ar);
select array_agg(ar)
  from (select array_agg(array[i, i+1, i-1])
        from generate_series(1,2) a(i)) b(ar);
select array_agg(array[i+1.2, i+1.3, i+1.4]) from generate_series(1,3) g(i);
select array_agg(array['Hello', i::text]) from generate_series(9,11) g(i);
select array_agg(array[i, nullif(i, 3), i+1]) from generate_series(1,4) g(i);
-- errors
select array_agg('{}'::int[]) from generate_series(1,2);
select array_agg(null::int[]) from generate_series(1,2);
select array_agg(ar)
  from (values ('{1,2}'::int[]), ('{3}'::int[])) v(ar);

select unnest(array[1,2,3]);
select * from unnest(array[1,2,3]);
select unnest(array[1,2,3,4.5]::float8[]);
select unnest(array[1,2,3,4.5]::numeric[]);
select unnest(array[1,2,3,null,4,null,null,5,6]);
select unnest(array[1,2,3,null,4,null,null,5,6]::text[]);
select abs(unnest(array[1,2,null,-3]));
select array_remove(array[1,2,2,3], 2);
select array_remove(array[1,2,2,3], 5);
select array_remove(array[1,NULL,NULL,3], NULL);
select array_remove(array['A','CC','D','C','RR'], 'RR');
select array_remove(array[1.0, 2.1, 3.3], 1);
select array_remove('{{1,2,2},{1,4,3}}', 2); -- not allowed
select array_remove(array['X','X','X'], 'X') = '{}';
select array_replace(array[1,2,5,4],5,3);
select array_replace(array[1,2,5,4],5,NULL);
select array_replace(array[1,2,NULL,4,NULL],NULL,5);
select array_replace(array['A','B','DD','B'],'B','CC');
select array_replace(array[1,NULL,3],NULL,NULL);
select array_replace(array['AB',NULL,'CDE'],NULL,'12');

-- array(select array-value ...)
select array(select array[i,i/2] from generate_series(1,5) i);
select array(select array['Hello', i::text] from generate_series(9,11) i);
    op,
    width_bucket(op::numeric, ARRAY[1, 3, 5, 10.0]::numeric[]) AS wb_n1,
    width_bucket(op::numeric, ARRAY[0, 5.5, 9.99]::numeric[]) AS wb_n2,
    width_bucket(op::numeric, ARRAY[-6, -5, 2.0]::numeric[]) AS wb_n3,
    width_bucket(op::float8, ARRAY[1, 3, 5, 10.0]::float8[]) AS wb_f1,
    width_bucket(op::float8, ARRAY[0, 5.5, 9.99]::float8[]) AS wb_f2,
    width_bucket(op::float8, ARRAY[-6, -5, 2.0]::float8[]) AS wb_f3
FROM (VALUES
  (-5.2),
  (-0.0000000001),
  (0.000000000001),
  (1),
  (1.99999999999999),
  (2),
  (2.00000000000001),
  (3),
  (4),
  (4.5),
  (5),
  (5.5),
  (6),
  (7),
  (8),
  (9),
  (9.99999999999999),
  (10),
  (10.0000000000001)
) v(op);

-- ensure float8 path handles NaN properly
SELECT
    op,
    width_bucket(op, ARRAY[1, 3, 9, 'NaN', 'NaN']::float8[]) AS wb
FROM (VALUES
  (-5.2::float8),
  (4::float8),
  (77::float8),
  ('NaN'::float8)
) v(op);

-- these exercise the generic fixed-width code path
SELECT
    op,
    width_bucket(op, ARRAY[1, 3, 5, 10]) AS wb_1
FROM generate_series(0,11) as op;


-- corner cases
SELECT width_bucket(5, ARRAY[3]);
SELECT width_bucket(5, '{}');

-- error cases
SELECT width_bucket('5'::text, ARRAY[3, 4]::integer[]);
SELECT width_bucket(5, ARRAY[3, 4, NULL]);
SELECT width_bucket(5, ARRAY[ARRAY[1, 2], ARRAY[3, 4]]);

-- trim_array

SELECT arr, trim_array(arr, 2)
FROM
(VALUES ('{1,2,3,4,5,6}'::bigint[]),
        ('{1,2}'),
        ('[10:16]={1,2,3,4,5,6,7}'),
        ('[-15:-10]={1,2,3,4,5,6}'),
        ('{{1,10},{2,20},{3,30},{4,40}}')) v(arr);

SELECT trim_array(ARRAY[1, 2, 3], -1); -- fail
SELECT trim_array(ARRAY[1, 2, 3], 10); -- fail
SELECT trim_array(ARRAY[]::int[], 1); -- fail

-- array_in's structure checks
select '{{},{}}'::text[];
select E'{{1,2},\\{2,3}}'::text[];
select '{{"1 2" x},{3}}'::text[];
select '{}}'::text[];
select '{ }}'::text[];
select '{1 2}'::text[], '{ a b , c }'::text[];
select '{a"b"}'::text[];
select '{"a"b}'::text[];
select '{a,}'::text[];
select '{,a}'::text[];
select '{{1,2},{3,4}'::int[];
select '{{1,2},3}'::int[];
select '{{{{{{{1}}}}}}}'::int[];
select '[1:2]={1}'::int[];
select '[1:2]{1,2}'::int[];
select '[2:1]={1}'::int[];
select '[a]={1}'::int[];
select '[1:2][1:1]={{1},{2}}'::int[];
select '  [1:2]  =  {1,2}'::int[];
select '{"\\"x\\""}'::text[], '{\\a}'::text[], '{"NULL",null,NuLL}'::text[];
select '{{1,2},{3,4}}'::int[] = '{1,2,3,4}'::int[], '{1,2}'::int[] = '[0:1]={1,2}'::int[];

-- arrays as grouping, DISTINCT and aggregate values
select count(*) from (select distinct a from (values (array[1.0]), (array[1.00]), (array[2])) v(a)) s;
select a, count(*) from (values (array[1,2]), (array[1,2]), (array[3])) v(a) group by a order by a;
select array_agg(id order by id desc) filter (where id > 1) from arr;
select id, array_agg(t) over (order by id) from arr order by id;
select a from arr order by a desc;

-- = ANY (array) on an indexed column: one index probe per distinct element
explain (costs off) select * from ix where id = any('{5,3,5,null,2000}');
explain (costs off) select * from ix where id = any(array[1,2]) and v like 'v%';
select * from ix where id = any(array[1, (select 2)]) order by id;

-- sorts that spill arrays and records, slices, subscripts
set work_mem = '64kB';
select a from (select array[g, g % 7] a from generate_series(1,20000) g) s order by a desc limit 3;
select r from (select row(g % 5, 'x' || g) r from generate_series(1,20000) g) s order by r limit 3;
select count(distinct a) from (select array[g % 100] a from generate_series(1,20000) g) s;
select a, count(*) from (select array[g % 3, null] a from generate_series(1,20000) g) s group by a order by a;
select * from unnest('{1,2}'::int[]) as x(a);
select x, ord from unnest(array['a','b']) with ordinality as t(x, ord);
select g, unnest(array[g, g*2]) from generate_series(1,2) g;
select unnest(array[1,2]), unnest(array['a','b','c']);
select array[$$a$$, null] is null, array[null::int] = array[null::int];
select ('{1,2,3}'::int[])[2:], ('{1,2,3}'::int[])[:2], ('{1,2,3}'::int[])[:];
select ('{{1,2},{3,4}}'::int[])[2:2], ('{1,2,3}'::int[])[null], ('{1,2,3}'::int[])[1.7];
select (array['a','b'])['1'];
select (1)[1];
select array_dims(array[[1,2],[3,4]]), array_dims('[-2:-1]={1,2}'::int[]);
select '{1,2}'::int[] < '{1,2,0}'::int[], '{}'::int[] = '{}'::text[]::int[];
select array_length('{}'::int[], 1), array_lower('{}'::int[], 1), array_ndims('{}'::int[]), array_dims('{}'::int[]);
reset work_mem;

-- EXPLAIN shows subscripts, ANY/ALL, row comparisons and constructors as PostgreSQL does
create table ea (id int, a int[], t text[]);
explain (costs off) select * from ea where a[1] = 1 and t[2:3] = '{x}';
explain (costs off) select id from ea where 3 = any(a) or id = all('{1,2}');
explain (costs off) select id from ea where (id, a[1]) > (1, 2);
explain (costs off) select array[id, a[1]] from ea;
explain (costs off) select row(id, t) from ea;

-- common array types (CASE, COALESCE, UNION, ARRAY, ||) and operators that need one array type
select case when true then array[1] else array[2::bigint] end;
select coalesce(null, array[1], array[2::int8]);
select array[1] union select array[2::bigint] order by 1;
select array[array[1], array[2::bigint]];
select array[1] = array[1::bigint], array[1.5] > array[1];
select array[1] || array[2::bigint], pg_typeof(array[1] || array[2::bigint]);
select array[1] @> array[1::bigint];
select array[1.5] > array[1];
select '{1}'::int[] @> '{1}', array[1,2] && '{2}';

-- unnest of several arrays in FROM; unknown arguments
select * from unnest(array[1,2], array['a','b','c']);
select * from unnest(array[1,2], null::text[]) with ordinality;
select * from unnest(array[1,2], array[3.5]) as u(x, y);
select unnest(array[1,2], array[3]);
select * from unnest('{1}', array[1]);
select unnest('{1}');
select * from unnest('{1}');
select array_length('{1}', 1);
select cardinality('{1}');

-- errors of array and row expressions
select ('{1,2}')[1];
select (1)[1];
select ('abc'::text)[1];
select (array[1,2])['a'];
select (array[1,2])[true];
select array[1, 'a'];
select array[1, true];
select array[array[1], 2];
select array[[1,2],[3]];
select array[array[1,2], array[3]];
select 1 = any(1);
select 1 + any(array[1]);
select 'a' = any(array[1]);
select array_append(array[1], 'x');
select array_cat(array[1], array['a']);
select array_length(1, 1);
select row(1) = row(1, 2);
select (row(1)).f2;
select row(1, 2) < row(1, 'x');

-- = ANY keys on a two-column index, and from a joined row
create table mc (a int, b int, c text);
insert into mc select g % 10, g, 'c' || g from generate_series(1, 2000) g;
create index mc_ab on mc (a, b);
analyze mc;
select * from mc where a = any('{3,1}') and b = any('{11,13,21,23}') order by b;
select * from mc where a = 3 and b = any('{13,23,33,34}') order by b;
select count(*) from mc where a = any('{1,2,null}');
explain (costs off) select * from mc where a = 3 and b = any('{13,23}');
select * from ix i join (values (array[1,2]), (array[3])) v(arr) on i.id = any(v.arr) order by id;
