-- COPY ... TO a server file (superuser): text and csv, from a table and from a query; read back with COPY FROM
create table copy_file_src (a int, b text, c numeric);
insert into copy_file_src values (1, 'x', 1.5), (2, null, null), (3, 'a,b "q"', -2), (4, E'tab\there', 0);
copy copy_file_src to '/tmp/osgres_corpus_copy_to_file.txt';
copy copy_file_src (c, a) to '/tmp/osgres_corpus_copy_to_file_cols.txt' with (delimiter '|', null 'NIL');
copy (select a * 10 as tens, b from copy_file_src where a > 1 order by a) to '/tmp/osgres_corpus_copy_to_file.csv'
    with (format csv, header);
create table copy_file_dst (like copy_file_src);
copy copy_file_dst from '/tmp/osgres_corpus_copy_to_file.txt';
select * from copy_file_dst order by a;
create table copy_file_cols (c numeric, a int);
copy copy_file_cols from '/tmp/osgres_corpus_copy_to_file_cols.txt' with (delimiter '|', null 'NIL');
select * from copy_file_cols order by a;
create table copy_file_csv (tens int, b text);
copy copy_file_csv from '/tmp/osgres_corpus_copy_to_file.csv' with (format csv, header);
select * from copy_file_csv order by tens;
-- a second COPY TO the same file replaces it
copy (select 42, 'only') to '/tmp/osgres_corpus_copy_to_file.txt';
truncate copy_file_dst;
copy copy_file_dst (a, b) from '/tmp/osgres_corpus_copy_to_file.txt';
select * from copy_file_dst;
-- inside a transaction block, and rolled back: the file stays written, as in PostgreSQL
begin;
copy (select 7, 'in block') to '/tmp/osgres_corpus_copy_to_file.txt';
rollback;
truncate copy_file_dst;
copy copy_file_dst (a, b) from '/tmp/osgres_corpus_copy_to_file.txt';
select * from copy_file_dst;
-- errors
copy copy_file_src to 'relative.txt';
copy copy_file_src to '/tmp';
copy copy_file_src to '/nonexistent_osgres_corpus_dir/x.txt';
copy no_such_table to '/tmp/osgres_corpus_copy_to_file_none.txt';
copy (select 1/0) to '/tmp/osgres_corpus_copy_to_file_none.txt';
