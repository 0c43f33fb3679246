-- Row constructors: ROW(...) and (...) values, row-wise comparisons, IS [NOT] DISTINCT FROM, IN lists and
-- subqueries, field selection. Cases from PostgreSQL 15's src/test/regress/sql/rowtypes.sql that osgres answers
-- exactly, and more.

select row(1, 'abc');
select (1, 'a b', null, '');
select row(1,2) = row(1,2), (1,2) <> (1,3), (1,2) < (1,3), (1,2) <= (1,2), (2,1) > (1,9), (1,null) < (2,0), (1,null) < (1,0);
select (1,2) = (1,2,3);
select (1,2) is distinct from (1,null), (1,null) is not distinct from (1,null);
select (1,2) in ((1,2),(3,4)), (5,6) in ((1,2),(3,4)), (1,2) not in ((1,2));
create table rt (a int, b text);
insert into rt values (1,'x'),(2,'y'),(3,null);
select * from rt where (a, b) in (select 1, 'x');
select * from rt where (a, b) = any (select a, b from rt where a < 3) order by a;
select * from rt where (a, b) > (1, 'x') order by a;
select row(a, b) from rt order by a;
select (a, b) as r from rt order by a;
select row(1, array[1,2]);
select (a,b) in (select 1) from rt;
select row(1,2) = row('1','2');
select row(1, 'a"b', 'c\d', '(x)');
select count(*) from rt where (a,b) not in (select a, b from rt where a = 1);

-- Test row comparison semantics.  Prior to PG 8.2 we did this in a totally
-- non-spec-compliant way.

select ROW(1,2) < ROW(1,3) as true;
select ROW(1,2) < ROW(1,1) as false;
select ROW(1,2) < ROW(1,NULL) as null;
select ROW(1,2,3) < ROW(1,3,NULL) as true; -- the NULL is not examined
select ROW(11,'ABC') < ROW(11,'DEF') as true;
select ROW(11,'ABC') > ROW(11,'DEF') as false;
select ROW(12,'ABC') > ROW(11,'DEF') as true;

-- = and <> have different NULL-behavior than < etc
select ROW(1,2,3) < ROW(1,NULL,4) as null;
select ROW(1,2,3) = ROW(1,NULL,4) as false;
select ROW(1,2,3) <> ROW(1,NULL,4) as true;

-- We allow operators beyond the six standard ones, if they have btree
-- operator classes.

-- Comparisons of ROW() expressions can cope with some type mismatches
select ROW(1,2) = ROW(1,2::int8);
select ROW(1,2) in (ROW(3,4), ROW(1,2));
select ROW(1,2) in (ROW(3,4), ROW(1,2::int8));
-- Test case for bug #14010: indexed row comparisons fail with nulls
create temp table test_table (a text, b text);
insert into test_table values ('a', 'b');
insert into test_table select 'a', null from generate_series(1,1000);
insert into test_table values ('b', 'a');
create index on test_table (a,b);
set enable_sort = off;


select a,b from test_table where (a,b) > ('a','a') order by a,b;

-- Check ability to select columns from an anonymous rowtype
select (row(1, 2.0)).f1;
select (row(1, 2.0)).f2;
select (row(1, 2.0)).nosuch;  -- fail
-- Check some corner cases involving empty rowtypes
select ROW();
select ROW() IS NULL;
select ROW() = ROW();

-- Check ability to create arrays of anonymous rowtypes
select array[ row(1,2), row(3,4), row(5,6) ];

-- Check ability to compare an anonymous row to elements of an array
select row(1,1.1) = any (array[ row(7,7.7), row(1,1.1), row(0,0.0) ]);
select row(1,1.1) = any (array[ row(7,7.7), row(1,1.0), row(0,0.0) ]);

select cast (row('Jim', 'Beam') as text);
select (row('Jim', 'Beam'))::text;
select (row('Jim', 'Beam')).text;  -- error
select row(1, 'a') as r, row(null, null) is null as n, row(1, null) is not null as nn, (1, 2) is not null;
select (1, 'x') = (1, 'x'), (1, 'x') < (1, 'y'), (2, 'a') >= (1, 'z');
select (1, 2) = (1, 2.0), (1, 2) < (1, 2.5);
select (1, 2) = any (values (1, 2), (3, 4));
select * from rt where (a, b) is distinct from (2, 'y') order by a;
select * from rt where (a, b) is not distinct from (3, null);
select row(1, row(2, 'x'), array[1, 2]);
select (1, 2) = (1);
select (1, 2) in (select 1);
select (1, 2) in (select 1, 2, 3);
select row(1, 2) < row('a', 2);

-- a row compared with a subquery's single row (ROWCOMPARE_SUBLINK)
select (a, b) = (select 1, 'x') from rt order by a;
select (a, b) < (select 2, 'y') from rt order by a;
select (1, 2) = (select 1, 2 where false);
select (1, 2) = (select a, a from rt);
select (1, 2) = (select 1);
select (1, 2) <> (select 1, 3);
