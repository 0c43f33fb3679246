--
-- ALTER TABLE on partitioned tables and inheritance parents: column actions and CHECK constraints reach the
-- partitions and children; partitions whose column order differs from the parent's still route and read
--
create table mlparted (a int, b int) partition by range (a);
create table mlparted1 partition of mlparted for values from (0) to (10);
alter table mlparted add d int, add e int;
alter table mlparted drop e;
create table mlparted5 partition of mlparted for values from (10) to (20);
insert into mlparted values (1, 2, 3), (11, 12, 13);
select tableoid::regclass, * from mlparted order by a;
-- an inherited column cannot change in one partition alone
alter table mlparted1 drop d;
alter table mlparted1 add f int;
alter table mlparted1 rename d to dd;
alter table mlparted1 alter d type bigint;
alter table only mlparted add g int;
alter table only mlparted drop d;
alter table only mlparted rename d to dd;
alter table mlparted rename d to dd;
alter table mlparted alter dd type bigint;
alter table mlparted alter a type bigint;
alter table mlparted drop a;
alter table mlparted alter b set not null;
insert into mlparted values (2, null, 1);
alter table mlparted alter b drop not null;
alter table mlparted alter dd set default 42;
insert into mlparted (a, b) values (3, 3), (13, 13);
select tableoid::regclass, * from mlparted order by a;
select * from mlparted1 order by a;
drop table mlparted;

-- a partitioned table whose columns were dropped and added again (update.sql's part_c_100_200)
create table range_parted (a text, b bigint, c numeric, d int, e varchar) partition by range (a, b);
create table part_b_10_b_20 (e varchar, c numeric, a text, b bigint, d int) partition by range (c);
create table part_c_100_200 (e varchar, c numeric, a text, b bigint, d int) partition by range (abs(d));
alter table part_c_100_200 drop column e, drop column c, drop column a;
alter table part_c_100_200 add column c numeric, add column e varchar, add column a text;
alter table part_c_100_200 drop column b;
alter table part_c_100_200 add column b bigint;
create table part_d_1_15 partition of part_c_100_200 for values from (1) to (15);
create table part_d_15_20 partition of part_c_100_200 for values from (15) to (20);
alter table part_b_10_b_20 attach partition part_c_100_200 for values from (100) to (200);
create table part_c_1_100 (e varchar, d int, c numeric, b bigint, a text);
alter table part_b_10_b_20 attach partition part_c_1_100 for values from (1) to (100);
alter table range_parted attach partition part_b_10_b_20 for values from ('b', 10) to ('b', 20);
insert into range_parted values ('b', 12, 96, 1), ('b', 13, 97, 2), ('b', 15, 105, 16), ('b', 17, 105, 19);
select tableoid::regclass, * from range_parted order by 1, 2, 3, 4, 5;
update range_parted set d = d + 1 where c > 100;
select tableoid::regclass, * from range_parted order by 1, 2, 3, 4, 5;
alter table range_parted add f int default 7;
alter table range_parted drop e;
select tableoid::regclass, * from part_c_100_200 order by d;
drop table range_parted;

create table mlparted (a int, b int) partition by range (a, b);
create table mlparted1 (b int not null, a int not null) partition by range ((b+0));
create table mlparted11 (like mlparted1);
alter table mlparted11 drop a;
alter table mlparted11 add a int;
alter table mlparted11 drop a;
alter table mlparted11 add a int not null;

alter table mlparted1 attach partition mlparted11 for values from (2) to (5);
alter table mlparted attach partition mlparted1 for values from (1, 2) to (1, 10);

select tableoid::regclass, * from mlparted order by a, b;
insert into mlparted values (1, 2);
select tableoid::regclass, * from mlparted order by a, b;

-- check that proper message is shown after failure to route through mlparted1
insert into mlparted (a, b) values (1, 5);

truncate mlparted;
alter table mlparted add constraint check_b check (b = 3);

-- have a BR trigger modify the row such that the check_b is violated
create function mlparted11_trig_fn()
returns trigger AS
$$
begin
  NEW.b := 4;
  return NEW;
end;
$$
language plpgsql;
create trigger mlparted11_trig before insert ON mlparted11
  for each row execute procedure mlparted11_trig_fn();

-- check that the correct row is shown when constraint check_b fails after
-- "(1, 2)" is routed to mlparted11 (actually "(1, 4)" would be shown due
-- to the BR trigger mlparted11_trig_fn)
insert into mlparted values (1, 2);
drop trigger mlparted11_trig on mlparted11;
drop function mlparted11_trig_fn();

-- check that inserting into an internal partition successfully results in
-- checking its partition constraint before inserting into the leaf partition
-- selected by tuple-routing
insert into mlparted1 (a, b) values (2, 3);

-- check routing error through a list partitioned table when the key is null
create table lparted_nonullpart (a int, b char) partition by list (b);
create table lparted_nonullpart_a partition of lparted_nonullpart for values in ('a');
insert into lparted_nonullpart values (1);
drop table lparted_nonullpart;

-- check that RETURNING works correctly with tuple-routing
alter table mlparted drop constraint check_b;
create table mlparted12 partition of mlparted1 for values from (5) to (10);
create table mlparted2 (b int not null, a int not null);
alter table mlparted attach partition mlparted2 for values from (1, 10) to (1, 20);
create table mlparted3 partition of mlparted for values from (1, 20) to (1, 30);
create table mlparted4 (like mlparted);
alter table mlparted4 drop a;
alter table mlparted4 add a int not null;
alter table mlparted attach partition mlparted4 for values from (1, 30) to (1, 40);
with ins (a, b, c) as
  (insert into mlparted (b, a) select s.a, 1 from generate_series(2, 39) s(a) returning tableoid::regclass, *)
  select a, b, min(c), max(c) from ins group by a, b order by 1;

alter table mlparted add c text;
create table mlparted5 (c text, a int not null, b int not null) partition by list (c);
create table mlparted5a (a int not null, c text, b int not null);
alter table mlparted5 attach partition mlparted5a for values in ('a');
alter table mlparted attach partition mlparted5 for values from (1, 40) to (1, 50);
alter table mlparted add constraint check_b check (a = 1 and b < 45);
insert into mlparted values (1, 45, 'a');
create function mlparted5abrtrig_func() returns trigger as $$ begin new.c = 'b'; return new; end; $$ language plpgsql;
create trigger mlparted5abrtrig before insert on mlparted5a for each row execute procedure mlparted5abrtrig_func();
insert into mlparted5 (a, b, c) values (1, 40, 'a');
drop table mlparted5;
alter table mlparted drop constraint check_b;

-- Check multi-level default partition
create table mlparted_def partition of mlparted default partition by range(a);
create table mlparted_def1 partition of mlparted_def for values from (40) to (50);
create table mlparted_def2 partition of mlparted_def for values from (50) to (60);
insert into mlparted values (40, 100);
insert into mlparted_def1 values (42, 100);
insert into mlparted_def2 values (54, 50);
-- fail
insert into mlparted values (70, 100);
insert into mlparted_def1 values (52, 50);
insert into mlparted_def2 values (34, 50);
-- ok
create table mlparted_defd partition of mlparted_def default;
insert into mlparted values (70, 100);

select tableoid::regclass, * from mlparted_def;

-- Check multi-level tuple routing with attributes dropped from the
-- top-most parent.  First remove the last attribute.
alter table mlparted add d int, add e int;
alter table mlparted drop e;
create table mlparted5 partition of mlparted
  for values from (1, 40) to (1, 50) partition by range (c);
create table mlparted5_ab partition of mlparted5
  for values from ('a') to ('c') partition by list (c);
-- This partitioned table should remain with no partitions.
create table mlparted5_cd partition of mlparted5
  for values from ('c') to ('e') partition by list (c);
create table mlparted5_a partition of mlparted5_ab for values in ('a');
create table mlparted5_b (d int, b int, c text, a int);
alter table mlparted5_ab attach partition mlparted5_b for values in ('b');
truncate mlparted;
insert into mlparted values (1, 2, 'a', 1);
insert into mlparted values (1, 40, 'a', 1);  -- goes to mlparted5_a
insert into mlparted values (1, 45, 'b', 1);  -- goes to mlparted5_b
insert into mlparted values (1, 45, 'c', 1);  -- goes to mlparted5_cd, fails
insert into mlparted values (1, 45, 'f', 1);  -- goes to mlparted5, fails
select tableoid::regclass, * from mlparted order by a, b, c, d;
alter table mlparted drop d;
truncate mlparted;
-- Remove the before last attribute.
alter table mlparted add e int, add d int;
alter table mlparted drop e;
insert into mlparted values (1, 2, 'a', 1);
insert into mlparted values (1, 40, 'a', 1);  -- goes to mlparted5_a
insert into mlparted values (1, 45, 'b', 1);  -- goes to mlparted5_b
insert into mlparted values (1, 45, 'c', 1);  -- goes to mlparted5_cd, fails
insert into mlparted values (1, 45, 'f', 1);  -- goes to mlparted5, fails
select tableoid::regclass, * from mlparted order by a, b, c, d;
alter table mlparted drop d;
drop table mlparted5;
drop table mlparted cascade;

-- CHECK constraints are inherited: added to and dropped from every child, copied to new ones
create table p (a int, b int) partition by list (a);
create table p1 partition of p for values in (1);
alter table p add constraint cb check (b = 3);
insert into p values (1, 4);
insert into p1 values (1, 5);
alter table p1 drop constraint cb;
alter table p drop constraint cb;
insert into p values (1, 4);
create table p2 partition of p for values in (2);
alter table p add constraint cc check (b > 0);
create table p3 partition of p for values in (3);
insert into p values (3, -1);
create table p4 (a int, b int);
alter table p attach partition p4 for values in (4);
alter table p4 add constraint cc check (b > 0);
alter table p attach partition p4 for values in (4);
alter table only p add constraint cd check (b < 100);
alter table p add constraint ce check (b < 100) no inherit;
drop table p;
create table ip (a int, constraint ck check (a > 0));
create table ic (b int) inherits (ip);
insert into ic values (-1, 1);
alter table ic drop constraint ck;
alter table only ip drop constraint ck;
insert into ic values (-1, 1);
alter table ip add c int;
alter table ip rename a to aa;
select * from ic order by aa;
alter table ip drop c;
select * from ic order by aa;
drop table ip cascade;

-- CHECK constraints of a new partition merge with the inherited ones of the same name
CREATE TABLE partitioned (
	a int,
	CONSTRAINT check_a CHECK (a > 0) NO INHERIT
) PARTITION BY RANGE (a);
create table parted (a text, b int) partition by list (a);
alter table parted add constraint check_a check (length(a) > 0);
CREATE TABLE part_b PARTITION OF parted (
	b NOT NULL DEFAULT 1,
	CONSTRAINT check_a CHECK (length(a) > 0),
	CONSTRAINT check_b CHECK (b >= 0)
) FOR VALUES IN ('b');
CREATE TABLE part_c PARTITION OF parted (
	CONSTRAINT check_a CHECK (length(a) > 1)
) FOR VALUES IN ('c');
drop table parted, partitioned;

-- partial indexes on a partitioned table reach its partitions
create table part_column_drop (
  useless_1 int,
  id int,
  useless_2 int,
  d int,
  b int,
  useless_3 int
) partition by range (id);
alter table part_column_drop drop column useless_1;
alter table part_column_drop drop column useless_2;
alter table part_column_drop drop column useless_3;
create index part_column_drop_b_pred on part_column_drop(b) where b = 1;
create index part_column_drop_d_pred on part_column_drop(d) where d = 2;
create table part_column_drop_1_10 partition of
  part_column_drop for values from (1) to (10);
create table part_column_drop_10_20 (b int, d int, id int);
alter table part_column_drop attach partition part_column_drop_10_20 for values from (10) to (20);
create unique index part_u on part_column_drop (id, b) where d = 2;
insert into part_column_drop values (1, 2, 1), (11, 2, 1), (12, 2, 3);
insert into part_column_drop values (1, 2, 1);
insert into part_column_drop values (1, 3, 1);
insert into part_column_drop values (11, 2, 1);
set enable_seqscan = off;
select * from part_column_drop where b = 1 order by id;
select * from part_column_drop_10_20 where d = 2 and id = 11;
drop table part_column_drop;

-- duplicate and merged CHECK names; RENAME CONSTRAINT reaches the children
CREATE TABLE bad (a int, CONSTRAINT c CHECK (a > 0), CONSTRAINT c CHECK (a < 5));
create table parted (a text, b int) partition by list (a);
alter table parted add constraint check_a check (length(a) > 0);
CREATE TABLE part_b PARTITION OF parted (CONSTRAINT check_a CHECK (length(a) > 0), CONSTRAINT check_a CHECK (length(a) > 0)) FOR VALUES IN ('b');
CREATE TABLE part_b PARTITION OF parted (CONSTRAINT check_a CHECK (length(a) > 0), CONSTRAINT check_b CHECK (b > 0)) FOR VALUES IN ('b');
alter table part_b rename constraint check_a to x;
alter table only parted rename constraint check_a to x;
alter table parted rename constraint check_a to y;
insert into parted values ('', 1);
alter table parted drop constraint y;
insert into parted values ('', 1);
create table ip (a int, constraint ck check (a > 0));
create table ic (b int) inherits (ip);
alter table ip rename constraint ck to ck2;
insert into ic values (-1, 1);
alter table ip drop constraint ck2;
insert into ic values (-1, 1);
drop table parted, ip cascade;

-- a partition's BEFORE ROW triggers run on routed rows: RETURNING, CHECKs and the partition constraint see their change
create table rp (a int, b text, c int) partition by list (a);
create table rp1 (c int, b text, a int);
alter table rp attach partition rp1 for values in (1);
create function rp1_trig() returns trigger language plpgsql as $$ begin new.c := new.c * 10; return new; end $$;
create trigger rp1_bi before insert on rp1 for each row execute function rp1_trig();
insert into rp values (1, 'x', 2) returning *;
alter table rp add constraint c_small check (c < 50);
insert into rp values (1, 'y', 7) returning *;
create function rp1_move() returns trigger language plpgsql as $$ begin new.a := 2; return new; end $$;
create trigger rp1_bj before insert on rp1 for each row execute function rp1_move();
insert into rp values (1, 'z', 3) returning *;
select tableoid::regclass, * from rp order by c;
drop table rp;
