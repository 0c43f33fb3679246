--
-- COPY FROM a server file (superuser), text and csv, and its errors
--
create table copy_t (a int, b text, c numeric);
\set filename :abs_srcdir '/data/copy_t.data'
copy copy_t from :'filename';
select * from copy_t order by a;
\set filename :abs_srcdir '/data/copy_t.csv'
copy copy_t (a, b) from :'filename' with (format csv, header);
select a, b, c from copy_t order by a;
copy copy_t from '/no/such/osgres/file';
\set filename :abs_srcdir '/data'
copy copy_t from :'filename';
drop table copy_t;
