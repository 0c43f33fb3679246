-- standard_conforming_strings = off: plain literals take backslash escapes; escape_string_warning warns
show standard_conforming_strings;
select 'a\bcd' as f1, 'a\b''cd' as f2, 'abcd\'   as f4, '\\' as f6;
set standard_conforming_strings = off;
select 'a\\bcd' as f1, 'a\\b\'cd' as f2, 'a\\b\'''cd' as f3, 'abcd\\'   as f4, 'ab\\\'cd' as f5, '\\\\' as f6;
select 'tab\there', 'new\nline' = E'new\nline', 'oct\101\x42', length('\\'), 'plain', E'e\\string';
select 'a\'b' || 'c' as quoted, 'no escapes here';
select 'first\\' 'second';
select 'seg\\one'
  'seg\\two' as continued;
-- errors after a rewritten literal point where the client wrote them
select 'x\\y', nosuchcolumn;
select 'x\\y' + 1;
set escape_string_warning = off;
select 'a\\bcd' as f1, 'a\\b\'cd' as f2, 'a\\b\'''cd' as f3, 'abcd\\'   as f4, 'ab\\\'cd' as f5, '\\\\' as f6;
create temp table nss (t text);
insert into nss values ('back\\slash'), ('quote\'s'), ('tab\tend');
select t, length(t) from nss order by t;
select count(*) from nss where t like 'back\\\\%';
set standard_conforming_strings = on;
select t from nss where t = 'back\slash';
reset escape_string_warning;
