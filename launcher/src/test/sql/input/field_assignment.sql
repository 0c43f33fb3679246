-- UPDATE ... SET column.field = value on columns of a composite type
create type fa_type as (if1 int, if2 text[], if3 varchar(2));
create table fa (id int, f1 int, f3 fa_type);
insert into fa values (1, 1, row(1, '{a}', 'x')), (2, 2, null), (3, 3, '(,,)');
update fa set f3.if1 = 10 where id = 1;
update fa set f3.if1 = 20, f3.if2 = '{b,c}' where id = 2;
update fa set f3.if3 = 'yz', f1 = 30 where id = 3;
select * from fa order by id;
update fa set f3.if1 = (f3).if1 + 1;
select id, (f3).if1 from fa order by id;
update fa set f3.if2 = array['p', 'q'] where (f3).if1 > 15;
select * from fa order by id;
-- errors
update fa set f3.nope = 1;
update fa set f1.if1 = 1;
update fa set f3.if1 = 'abc';
update fa set f3.if3 = 'toolong';
update fa set f3.if1 = now();
update fa set f3 = null, f3 = null;
select * from fa order by id;
drop table fa;
drop type fa_type;
-- INSERT into fields and array elements (the three paths of transformInsertStmt)
create type insert_test_type as (if1 int, if2 text[]);
create table inserttest (f1 int, f2 int[], f3 insert_test_type);
insert into inserttest (f2[1], f2[2]) values (1,2);
insert into inserttest (f2[1], f2[2]) values (3,4), (5,6);
insert into inserttest (f2[1], f2[2]) select 7,8;
insert into inserttest (f2[1], f2[2]) values (1,default);  -- not supported
insert into inserttest (f3.if1, f3.if2) values (1,array['foo']);
insert into inserttest (f3.if1, f3.if2) values (1,'{foo}'), (2,'{bar}');
insert into inserttest (f3.if1, f3.if2) select 3, '{baz,quux}';
insert into inserttest (f3.if1, f3.if2) values (1,default);  -- not supported
insert into inserttest (f3.if2[1], f3.if2[2]) values ('foo', 'bar');
insert into inserttest (f3.if2[1], f3.if2[2]) values ('foo', 'bar'), ('baz', 'quux');
insert into inserttest (f3.if2[1], f3.if2[2]) select 'bear', 'beer';
insert into inserttest (f1, f3.if1) values (10, 11);
select * from inserttest order by f1, f2, (f3).if1, (f3).if2;
-- errors
insert into inserttest (f3, f3.if1) values (row(1, '{}'), 2);
insert into inserttest (f3.if1, f3) values (2, row(1, '{}'));
insert into inserttest (f1, f1) values (1, 2);
insert into inserttest (f3.nope) values (1);
insert into inserttest (f1.x) values (1);
insert into inserttest (f1[1]) values (1);
insert into inserttest (f3.if1) values ('x');
insert into inserttest (f3.if1) values (now());
insert into inserttest (f2[1]) values (now());
insert into inserttest (f2[null]) values (1);
insert into inserttest (f3.if1, f3.if2) values (1);
update inserttest set f3.if2[1] = 'first' where f1 = 10;
select * from inserttest where f1 = 10;
drop table inserttest;
drop type insert_test_type;
-- arrays of a composite type, and INSERT into fields of their elements
create type insert_test_type as (if1 int, if2 text[]);
create table inserttest (f1 int, f4 insert_test_type[]);
insert into inserttest (f4[1].if2[1], f4[1].if2[2]) values ('foo', 'bar');
insert into inserttest (f4[1].if2[1], f4[1].if2[2]) values ('foo', 'bar'), ('baz', 'quux');
insert into inserttest (f4[1].if2[1], f4[1].if2[2]) select 'bear', 'beer';
insert into inserttest (f1, f4[2].if1, f4[1].if1) values (1, 2, 3);
insert into inserttest (f1, f4[1]) values (2, row(5, '{"a b"}'));
insert into inserttest (f1, f4[1]) values (3, '(6,{})');
insert into inserttest (f1, f4) values (4, '{"(7,{x})",NULL}');
insert into inserttest (f4[1].nope) values (1);
select * from inserttest order by f1, f4;
update inserttest set f4[1].if1 = 9 where f1 = 3;
select * from inserttest where f1 = 3;
drop type insert_test_type;
drop table inserttest;
drop type insert_test_type;
-- rules whose actions insert into fields and array elements
create type insert_test_type as (if1 int, if2 text[]);
create table inserttest (f1 int, f2 int[], f3 insert_test_type, f4 insert_test_type[]);
create table inserttest2 (f1 bigint, f2 text);
create rule irule1 as on insert to inserttest2 do also
  insert into inserttest (f3.if2[1], f3.if2[2])
  values (new.f1,new.f2);
create rule irule2 as on insert to inserttest2 do also
  insert into inserttest (f4[1].if1, f4[1].if2[2])
  values (1,'fool'),(new.f1,new.f2);
create rule irule3 as on insert to inserttest2 do also
  insert into inserttest (f4[1].if1, f4[1].if2[2])
  select new.f1, new.f2;
insert into inserttest2 values (7, 'seven');
select * from inserttest order by f3, f4;
drop table inserttest2;
drop table inserttest;
drop type insert_test_type;
