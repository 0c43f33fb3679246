-- CREATE TRIGGER: BEFORE/AFTER, ROW/STATEMENT, NEW/OLD/TG_*, skipped and changed rows, ENABLE/DISABLE, DROP
create table acct(id int, bal int, note text);
create table audit(op text, id int, old_bal int, new_bal int);
create function log_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    insert into audit values (tg_op, old.id, old.bal, null);
    return old;
  elsif tg_op = 'UPDATE' then
    insert into audit values (tg_op, new.id, old.bal, new.bal);
  else
    insert into audit values (tg_op, new.id, null, new.bal);
  end if;
  return new;
end $$;
create trigger acct_audit after insert or update or delete on acct for each row execute function log_change();
create function fix_row() returns trigger language plpgsql as $$
begin
  if new.bal < 0 then
    raise notice 'skipping % (%)', new.id, tg_name;
    return null;
  end if;
  new.note := coalesce(new.note, 'default') || ' via ' || tg_argv[0];
  return new;
end $$;
create trigger acct_fix before insert or update on acct for each row execute procedure fix_row('arg0');
create function stmt_note() returns trigger language plpgsql as $$
begin
  raise notice 'statement % % on %', tg_when, tg_op, tg_table_name;
  return null;
end $$;
create trigger acct_stmt before insert on acct for each statement execute function stmt_note();
insert into acct values (1, 100, null), (2, -5, 'neg'), (3, 50, 'x');
select * from acct order by id;
update acct set bal = bal + 1 where id = 1;
delete from acct where id = 3;
select * from audit order by op, id;
begin;
insert into acct values (9, 9, 'rolled');
select count(*) from audit;
rollback;
select count(*) from audit;
alter table acct disable trigger acct_audit;
insert into acct values (4, 4, null);
alter table acct enable trigger all;
insert into acct values (5, 5, null);
select * from audit order by op, id;
drop trigger acct_fix on acct;
insert into acct values (6, -6, null);
select * from acct order by id;
drop trigger acct_fix on acct;
drop trigger if exists acct_fix on acct;
create trigger acct_audit after insert on acct for each row execute function log_change();
create trigger bad after insert on acct for each row execute function nosuch();
create function notrig() returns int language sql as 'select 1';
create trigger bad after insert on acct for each row execute function notrig();
create trigger bad after insert on nosuchtable for each row execute function log_change();
create function fail_big() returns trigger language plpgsql as $$ begin if new.bal > 1000 then raise exception 'too big: %', new.bal; end if; return new; end $$;
create trigger acct_big after insert on acct for each row execute function fail_big();
select count(*) from acct;
select count(*) from audit;
insert into acct values (7, 7, null), (8, 5000, null);
select count(*) from acct;
select count(*) from audit;
