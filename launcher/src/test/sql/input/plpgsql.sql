-- LANGUAGE plpgsql and DO: statements, exceptions, errors with their CONTEXT
create table t(x int);
do $$ declare x int; begin x := 1/0; end $$;
do $$ begin insert into t values (1/0); end $$;
do $$ begin perform 1/0; end $$;
do $$ begin raise exception 'boom %', 1 using hint = 'hh'; end $$;
do $$ declare y int; begin select x into strict y from t; end $$;
do $$ begin if 1/0 > 1 then null; end if; end $$;
create function f(a int) returns int language plpgsql as $$ begin return a / 0; end $$;
select f(1);
do $$ begin raise notice 'n %', 5; end $$;
do $$ begin raise warning 'w'; end $$;
create function g() returns int language plpgsql as $$ begin return 1 $$;
create function g() returns int language plpgsql as $$ begin retur 1; end $$;
create function h() returns int language plpgsql as $$ begin end $$;
select h();
do $$ begin execute 'select 1/0'; end $$;
alter table t add column y text; insert into t values (1,'a'),(2,'b'),(3,'c');
create function sumto(n int) returns int language plpgsql as $$
declare
  s int := 0;
  i int;
begin
  for i in 1..n loop
    s := s + i;
  end loop;
  return s;
end $$;
select sumto(10);
create function evens(n int) returns setof int language plpgsql as $$
begin
  for i in 1..n loop
    continue when i % 2 = 1;
    return next i;
  end loop;
  return;
end $$;
select * from evens(7);
create function rows_of() returns setof t language plpgsql as $$
begin
  return query select * from t where x > 1;
end $$;
select * from rows_of();
create function classify(v int) returns text language plpgsql as $$
begin
  case
    when v < 0 then return 'neg';
    when v = 0 then return 'zero';
    else return 'pos';
  end case;
end $$;
select classify(-1), classify(0), classify(5);
create function safe_div(a int, b int) returns int language plpgsql as $$
begin
  return a / b;
exception
  when division_by_zero then
    raise notice 'caught: % (%)', sqlerrm, sqlstate;
    return null;
end $$;
select safe_div(6, 3), safe_div(1, 0);
create function count_t() returns int language plpgsql as $$
declare n int;
begin
  select count(*) into n from t;
  return n;
end $$;
select count_t();
create function ins_t(v int) returns int language plpgsql as $$
declare rc int;
begin
  insert into t values (v, 'new');
  get diagnostics rc = row_count;
  update t set y = 'upd' where x >= v;
  if found then raise notice 'updated'; end if;
  return rc;
end $$;
select ins_t(10);
select * from t order by x;
do $$
declare r record; total int := 0;
begin
  for r in select x, y from t order by x loop
    total := total + r.x;
    raise notice 'row % %', r.x, r.y;
  end loop;
  raise notice 'total %', total;
end $$;
do $$
declare a int[] := array[3,4,5]; v int; s int := 0;
begin
  foreach v in array a loop s := s + v; end loop;
  raise notice 's=%', s;
  <<outer>> loop
    s := s + 1;
    while true loop
      exit outer when s > 20;
      s := s + 1;
    end loop;
  end loop;
  raise notice 's=%', s;
end $$;
do $$
declare n int;
begin
  execute 'select count(*) from t where x > $1' into n using 1;
  raise notice 'n=%', n;
  begin
    insert into t values (100, 'sub');
    raise exception 'rollback me' using errcode = 'P0001';
  exception when raise_exception then
    raise notice 'caught %', sqlerrm;
  end;
  perform * from t where x = 100;
  raise notice 'found after rollback: %', found;
end $$;
do $$ begin raise exception using message = 'custom', detail = 'det', errcode = 'unique_violation'; end $$;
create function strictsel() returns int language plpgsql as $$ declare v int; begin select x into strict v from t; return v; end $$;
select strictsel();
create function outp(a int, out b int, out c int) language plpgsql as $$ begin b := a + 1; c := a * 2; end $$;
select * from outp(5);
select outp(2);
create function nested() returns int language plpgsql as $$ begin return sumto(3) + count_t(); end $$;
select nested();
create function rt() returns t language plpgsql as $$ declare r t%rowtype; begin select * into r from t where x = 2; return r; end $$;
select * from rt();
create function loopy() returns void language plpgsql as $$ begin loop end loop; end $$;
set statement_timeout = '200ms';
select loopy();
reset statement_timeout;
