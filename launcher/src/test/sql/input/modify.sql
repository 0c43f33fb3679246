--
-- INSERT, UPDATE and DELETE on PostgreSQL's pipeline: column lists, DEFAULT, multi-row VALUES, INSERT ... SELECT,
-- UPDATE ... FROM, DELETE ... USING, multi-column SET, ON CONFLICT DO NOTHING / DO UPDATE with EXCLUDED, RETURNING,
-- identity columns, and the errors PostgreSQL gives for each
--
create table m_t (id int primary key, a text, b int default 7, c int not null default 0);
insert into m_t values (1, 'x');
insert into m_t (id, a) values (2, 'y'), (3, 'z') returning *;
insert into m_t (a, id) values ('w', 4) returning id, a, b, c, b + c as bc;
insert into m_t values (6, default, default, 5), (7, 'v', default, default);
insert into m_t select id + 10, a || '!' from m_t where id < 4 returning id, a, b;
insert into m_t (id, a) select 20, 'from select' where false;
update m_t set b = b + 1 where id = 2 returning *;
update m_t set (a, b) = ('q', 99) where id = 3;
update m_t set b = default, c = c + 1 where id = 3 returning b, c;
update m_t m set a = upper(m.a) where m.id in (1, 2) returning m.id, m.a;
update m_t set (a, c) = (select 'multi', 42) where id = 4 returning a, b, c;
with u as (update m_t set (a, c) = (select a || '+', c + 1 from m_t x where x.id = m_t.id + 1) where id in (2, 3) returning id, a, c) select * from u order by id;
update m_t set (a, c) = (select 'one');
delete from m_t where id > 10 returning id;
select * from m_t order by id;
create table m_u (id int, v int);
insert into m_u values (1, 100), (2, 200), (2, 201);
update m_t set b = m_u.v from m_u where m_u.id = m_t.id and m_u.v < 201 returning m_t.id, m_t.b, m_u.v;
delete from m_t using m_u where m_u.id = m_t.id and m_u.v = 200 returning m_t.*, m_u.v;
select * from m_t order by id;
-- ON CONFLICT
insert into m_t values (1, 'dup') on conflict do nothing;
insert into m_t values (1, 'dup') on conflict (id) do nothing returning *;
insert into m_t values (1, 'dup'), (8, 'eight') on conflict (id) do update set a = excluded.a || m_t.a returning *;
insert into m_t values (1, 'no') on conflict (id) do update set a = 'never' where m_t.b > 1000 returning *;
insert into m_t as t values (1, 'alias') on conflict on constraint m_t_pkey do update set b = t.b + excluded.b returning id, a, b;
insert into m_t values (1, 'x') on conflict do update set a = 'y';
insert into m_t values (1, 'x') on conflict (a) do update set a = 'y';
insert into m_t values (1, 'x') on conflict (id) do update set a = a;
insert into m_t values (1, 'x') on conflict on constraint nosuch do nothing;
insert into m_t values (30, 'a'), (30, 'b') on conflict (id) do update set a = excluded.a;
insert into m_t values (30, 'a'), (30, 'b') on conflict (id) do nothing returning *;
select * from m_t order by id;
-- errors
insert into m_t values (1, 'dup');
insert into m_t (id, c) values (100, null);
insert into m_t (nosuch) values (1);
insert into m_t (id, id) values (1, 2);
insert into m_t values (1, 2, 3, 4, 5);
insert into m_t (id, a) values (1);
insert into m_t (id, a) select 1;
update m_t set nosuch = 1;
update m_t set id = 'abc';
update m_t set b = 1, b = 2;
insert into m_t values ('x');
insert into m_t (id, b) values (50, 'x'::text);
update m_t set b = count(*);
insert into m_t values (max(1));
delete from m_t returning sum(id);
insert into nosuch values (1);
update nosuch set a = 1;
delete from nosuch;
create sequence m_seq;
insert into m_seq values (1);
-- identity columns
create table m_id (id int generated always as identity, v text);
insert into m_id (v) values ('a') returning *;
insert into m_id values (10, 'b');
insert into m_id overriding system value values (10, 'b') returning *;
insert into m_id overriding user value values (99, 'c') returning *;
update m_id set id = 5;
update m_id set id = default where v = 'a' returning *;
-- subscripted assignment: an element or a slice of an array column
create table m_arr (id int primary key, a int[], t text[]);
insert into m_arr values (1, '{1,2,3}', '{x}'), (2, null, null);
update m_arr set a[2] = 20, a[5] = 50, t[1] = 'y' where id = 1 returning *;
update m_arr set a[1:2] = '{7,8}' where id = 1 returning a;
update m_arr set a[3] = 3, t[2:3] = '{p,q}' where id = 2 returning a, t;
update m_arr set a[null] = 1 where id = 1;
update m_arr set a[1] = 'x' where id = 1;
update m_arr set id[1] = 1;
drop table m_arr;
-- untyped literals of INSERT ... SELECT take the target columns' types
create table m_ku (i int, d date, t text);
insert into m_ku select '5', '2024-01-02', 'x' returning *;
insert into m_ku (i) select '5' union select '6';
insert into m_ku select 'x';
drop table m_ku;
-- expressions and types on the way in
create table m_types (i int, n numeric(5,2), vc varchar(3), t timestamp, bo bool);
insert into m_types values (1.6, 2.345, 'abc', '2024-01-02 03:04:05', 't');
insert into m_types values (2, 1, 'abcd');
insert into m_types values (3, 1000, 'ab');
insert into m_types (i) values ($$4$$), ('5'), (6::bigint);
select * from m_types order by i;
-- a subquery in the new values, and a correlated one in the WHERE
update m_types set n = (select max(id) from m_t) where i = 1 returning i, n;
delete from m_types x where exists (select 1 from m_t where m_t.id = x.i) returning i;
select * from m_types order by i;
-- FOR UPDATE / SHARE (LockRows)
select id, a from m_t where id <= 2 order by id for update;
select m_t.id, m_u.v from m_t, m_u where m_t.id = m_u.id order by 1, 2 for update of m_t;
select id from m_t order by id desc limit 1 for share;
select id from m_t where id = 1 for no key update skip locked;
select count(*) from m_t for update;
select * from m_t for update of nosuch;
explain (costs off) select * from m_t where id = 1 for update;
explain (costs off) update m_t set b = 1 where id = 1;
explain (costs off) delete from m_t where id = 1;
explain (costs off) insert into m_t values (1);
-- data-modifying WITH queries
create table m_log (id int, a text);
with d as (delete from m_t where id = 8 returning id, a) insert into m_log select * from d returning *;
with u as (update m_t set b = b + 1 where id = 1 returning id, b) select * from u;
with i as (insert into m_log values (100, 'x')) select count(*) from m_log;
select * from m_log order by id;
with i as (insert into m_log values (101, 'y')) select * from i;
select * from (with d as (delete from m_log returning *) select * from d) s;
with m(n) as (insert into m_log values (102, 'z') returning id) select n + 1 from m;
drop table m_t, m_u, m_id, m_types, m_log;
drop sequence m_seq;
