--
-- operator classes (CREATE / DROP OPERATOR CLASS) and collations in partition keys; hash partitioning through a
-- user-defined class's support function
--
create function part_hashint4_noop(value int4, seed int8)
    returns int8 as $$
    select value + seed;
    $$ language sql strict immutable parallel safe;
create operator class part_test_int4_ops for type int4 using hash as
    operator 1 =,
    function 2 part_hashint4_noop(int4, int8);
create function part_hashtext_length(value text, seed int8)
    returns int8 as $$
    select length(coalesce(value, ''))::int8
    $$ language sql strict immutable parallel safe;
create operator class part_test_text_ops for type text using hash as
    operator 1 =,
    function 2 part_hashtext_length(text, int8);
create operator class part_test_text_ops for type text using hash as
    operator 1 =,
    function 2 part_hashtext_length(text, int8);
create operator class bad_ops for type text using hash as
    operator 1 =,
    function 2 nosuch(text, int8);
-- direct partition inserts should check hash partition bound constraint

create table hash_parted (
	a int
) partition by hash (a part_test_int4_ops);
create table hpart0 partition of hash_parted for values with (modulus 4, remainder 0);
create table hpart1 partition of hash_parted for values with (modulus 4, remainder 1);
create table hpart2 partition of hash_parted for values with (modulus 4, remainder 2);
create table hpart3 partition of hash_parted for values with (modulus 4, remainder 3);

insert into hash_parted select generate_series(1,10);

-- direct insert of values divisible by 4 - ok;
insert into hpart0 values(12),(16);
-- fail;
insert into hpart0 values(11);
-- 11 % 4 -> 3 remainder i.e. valid data for hpart3 partition
insert into hpart3 values(11);

select tableoid::regclass as part, a, a%4 as "remainder = a % 4"
from hash_parted order by part, a;
drop table hash_parted;
create table hp2 (a int, b text) partition by hash (a part_test_int4_ops, b part_test_text_ops);
create table hp2_0 partition of hp2 for values with (modulus 2, remainder 0);
create table hp2_1 partition of hp2 for values with (modulus 2, remainder 1);
insert into hp2 values (1, 'a'), (2, 'bb'), (3, null), (null, 'ccc');
select tableoid::regclass, * from hp2 order by 1, 2;
create table hp3 (a int) partition by hash (a part_test_text_ops);
create table hp3 (a text) partition by hash (a nosuch_ops);
create table hp3 (a text) partition by range (a part_test_text_ops);
create table hp3 (a text) partition by hash (a text_ops);
drop table hp3;
create table tc (a text) partition by range (a collate "POSIX");
create table tc1 partition of tc for values from ('a' collate "C") to ('g');
create table tc2 partition of tc for values from ('g') to ('m');
create table tc3 partition of tc for values from (name 'm' collate "C") to ('s');
create table tc4 partition of tc for values from (name 's') to ('z');
insert into tc values ('b'), ('h'), ('n'), ('t');
select tableoid::regclass, * from tc order by a;
create table tc5 (a int) partition by list (a collate "C");
create table tc5 (a text) partition by list (a collate "xx");
drop operator class part_test_int4_ops using hash;
drop operator class part_test_int4_ops using hash;
drop operator class if exists part_test_int4_ops using hash;
create temp table tt (a int) with (oids = false);
create table tt2 (a int) with (oids);
create table tt2 (a int) with (oids = true);
create table tt2 (a int) with (oids = maybe);
create table perm_parted (a int) partition by list (a);
create temporary table temp_parted (a int) partition by list (a);
create table perm_part partition of temp_parted default; -- error
create temp table temp_part partition of perm_parted default; -- error
create temp table temp_part partition of temp_parted default; -- ok
create table perm_x (a int);
create temp table temp_x (a int);
alter table perm_parted attach partition temp_x for values in (1);
alter table temp_parted attach partition perm_x for values in (1);
create table inh_temp (b int) inherits (temp_x);
drop table perm_parted cascade;
drop table temp_parted cascade;
-- create custom operator class and hash function, for the same reason
-- explained in alter_table.sql
create or replace function dummy_hashint4(a int4, seed int8) returns int8 as
$$ begin return (a + seed); end; $$ language 'plpgsql' immutable;
create operator class custom_opclass for type int4 using hash as
operator 1 = , function 2 dummy_hashint4(int4, int8);

create table hash_parted (
	a int,
	b int
) partition by hash (a custom_opclass, b custom_opclass);
create table hpart1 partition of hash_parted for values with (modulus 2, remainder 1);
create table hpart2 partition of hash_parted for values with (modulus 4, remainder 2);
create table hpart3 partition of hash_parted for values with (modulus 8, remainder 0);
create table hpart4 partition of hash_parted for values with (modulus 8, remainder 4);
insert into hpart1 values (1, 1);
insert into hpart2 values (2, 5);
insert into hpart4 values (3, 4);

-- fail
update hpart1 set a = 3, b=4 where a = 1;
-- ok, row movement
update hash_parted set b = b - 1 where b = 1;
-- ok
update hash_parted set b = b + 8 where b = 1;

-- cleanup
drop table hash_parted;
drop operator class custom_opclass using hash;
drop function dummy_hashint4(a int4, seed int8);
drop function dummy_hashint4(a int4, seed int8);

-- user-defined operator class in partition key
CREATE FUNCTION my_int4_sort(int4,int4) RETURNS int LANGUAGE sql
  AS $$ SELECT CASE WHEN $1 = $2 THEN 0 WHEN $1 > $2 THEN 1 ELSE -1 END; $$;
CREATE OPERATOR CLASS test_int4_ops FOR TYPE int4 USING btree AS
  OPERATOR 1 < (int4,int4), OPERATOR 2 <= (int4,int4),
  OPERATOR 3 = (int4,int4), OPERATOR 4 >= (int4,int4),
  OPERATOR 5 > (int4,int4), FUNCTION 1 my_int4_sort(int4,int4);
CREATE TABLE partkey_t (a int4) PARTITION BY RANGE (a test_int4_ops);
CREATE TABLE partkey_t_1 PARTITION OF partkey_t FOR VALUES FROM (0) TO (1000);
INSERT INTO partkey_t VALUES (100);
INSERT INTO partkey_t VALUES (200);

-- cleanup

DROP TABLE partkey_t;
DROP OPERATOR CLASS test_int4_ops USING btree;

-- partition key checks
create table partitioned (a int) partition by range (xmin);
create table partitioned (a int, b int) partition by range (((a, b)));
create table partitioned (a int, b int) partition by range (a, ('unknown'));
create table partitioned (a int) partition by range (a, (1));
create table partitioned (a int) partition by range ((a + random()::int));
create table partitioned (a int) partition by range (nosuch);
create table partitioned (a int, b text) partition by range (a oid_ops, b collate "default");
drop table partitioned;
