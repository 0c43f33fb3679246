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
