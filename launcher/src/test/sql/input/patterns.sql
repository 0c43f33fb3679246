--
-- pattern matching (LIKE, ILIKE, SIMILAR TO, regular expressions) and string functions:
-- PostgreSQL's results and errors
--
create table words (id int primary key, w text, v varchar(20), c char(6));
insert into words values (1, 'apple', 'Apple pie', 'ab'), (2, 'banana', 'banana split', 'abc'),
  (3, 'cherry', 'Cherry-Tart', 'a%c'), (4, 'a_b', 'under_score', 'x'), (5, null, null, null);
select id, w from words where w like 'a%' order by id;
select id, w from words where w not like '%an%' order by id;
select id, w from words where w like '_____' order by id;
select id, v from words where v ilike '%PIE%' or v ilike 'c%' order by id;
select id, w from words where w like 'a\_b' order by id;
select id, w from words where w like 'a!_b' escape '!' order by id;
select id, c from words where c like 'a%' order by id;
select id, w, w like 'b%' as b, w ilike 'B%' as ib from words order by id;
select 'abc' like 'a\';
select 'ab' like 'a\';
select 'abc' like 'abc' escape 'xy';
select 'a%c' like 'a%c' escape '', 'a\c' like 'a\c' escape '';
select id, w from words where w similar to '(a|b)%' order by id;
select 'abc' similar to 'a(b|c)*', 'abc' not similar to '%b%', 'ab' similar to 'a#_' escape '#';
select id, w from words where w ~ '^[abc]' order by id;
select id, w from words where w ~* 'AN' order by id;
select id, v from words where v !~ '\s' order by id;
select id, v from words where v !~* '^[a-c]' order by id;
select 'hello world' ~ '\mworld\M', 'helloworld' ~ '\mworld', 'a b' ~ 'a\yb', 'ABC' ~ '(?i)abc';
select 'abc' ~ '[[:alpha:]]+$', 'a1' ~ '^[[:alpha:]][[:digit:]]$', 'x9' ~ '[\d]', 'a{x' ~ 'a{x';
select E'a\nb' ~ 'a.b', E'a\n' ~ 'a$', 'aaa' ~ '^a{2,3}$';
select 'a' ~ '(a';
select 'a' ~ '[a';
select 'a' ~ 'a{2,1}';
select 'a' ~ '*a';
select 'a' ~ '\k';
select 'a' ~ '(a)\2';
select 'a' ~ '[[:foo:]]';
select 'a' ~ '[z-a]';
select 1 ~ 'a';
select 1 like 'a';
select 1 not ilike 'a';
select 1 similar to 'a';
select 'a' like 'b' escape 1;
select id from words where w like 1;
-- regular expression functions
select regexp_replace('foobarbaz', 'b..', 'X'), regexp_replace('foobarbaz', 'b..', 'X', 'g');
select regexp_replace('foobarbaz', 'B(.)(.)', '[\2\1\&\\]', 'gi');
select regexp_replace('abcabcabc', 'b', 'X', 3), regexp_replace('abcabcabc', 'b', 'X', 1, 2),
  regexp_replace('abcabcabc', 'b', 'X', 1, 0), regexp_replace('abcabcabc', 'B', 'X', 1, 3, 'i');
select regexp_replace('aaa', 'x*', '-', 'g');
select regexp_replace('abc', 'b', 'x', '1');
select regexp_replace('abc', 'b', 'x', 0);
select regexp_replace('abc', 'b', 'x', 1, -1);
select id, regexp_replace(v, '[aeiou]', '*', 'g') from words order by id;
select regexp_match('foobarbequebaz', 'bar.*que'), regexp_match('foobarbequebaz', '(bar)(beque)'),
  regexp_match('abc', 'x'), regexp_match('abc', '(a)|(z)');
select regexp_match('abc', 'b', 'g');
select regexp_match('abc', 'b', 'z');
select regexp_split_to_array('hello world  foo', '\s+'), regexp_split_to_array('abc', ''),
  regexp_split_to_array('a,b,,c', ',');
select regexp_split_to_array('abc', 'b', 'g');
select regexp_count('ABCABCAXYaxy', 'A.'), regexp_count('ABCABCAXYaxy', 'A.', 1, 'i'),
  regexp_count('ABCABCAXYaxy', 'A.', 4);
select regexp_instr('number of your street, town zip, FR', '[^,]+', 1, 2),
  regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2), regexp_instr('ABCDEF', 'cd', 1, 1, 1, 'i');
select regexp_instr('abc', 'b', 1, 0);
select regexp_like('Hello World', 'world$', 'i'), regexp_like('Hello World', 'world$');
select regexp_substr('number of your street, town zip, FR', '[^,]+', 1, 2),
  regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2), regexp_substr('abc', 'x');
select substring('foobar', 'o.b'), substring('foobar', 'o(.)b'), substring('foobar', '%#"o_b#"%', '#');
select similar_to_escape('a(b|c)%_.'), similar_to_escape('a#"b#"c', '#'), like_escape('a!%b\c', '!');
-- the grammar's own spellings, and the set-returning functions in FROM
select substring('foobar' from 'o(.)b'), substring('foobar' similar '%#"o_b#"%' escape '#'),
  substring('hello' from 2 for 3), overlay('Txxxxas' placing 'hom' from 2 for 4), 'abc' ^@ 'ab',
  'abc' ~~ 'a%', 'ABC' !~~* 'a%';
select * from regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
select m, length(m) from regexp_split_to_table('the quick  brown fox', '\s+') as m;
select w, r from words, regexp_matches(w, '(a)(.)') as r order by id;
select * from regexp_split_to_table('abc', 'b', 'g');
-- format and quoting
select format('%s, %I, %L, %%', 'a', 'B c', E'it''s'), format('%2$s %1$s', 'x', 'y');
select format('|%5s|%-5s|', 'ab', 'cd'), format('|%*s|%-*s|', 4, 'x', 3, 'y');
select format('%s %L', null, null), format('%s and %s', 1, 2.5), format(null);
select format('%z', 1);
select format('%s %s', 1);
select format('%I', null);
select format('%', 1);
select quote_ident('Foo bar'), quote_ident('select'), quote_ident('foo_1'), quote_literal(E'a\\b''c'),
  quote_nullable(null), quote_nullable('x');
select concat('a', 1, null, 2.5), concat_ws('-', 'a', null, 3), format('x');
select concat();
select concat_ws(',');
select quote_literal(42), quote_literal(1.5), quote_nullable(true), quote_literal('\x01'::bytea),
  quote_nullable(null::int);
-- hashing and encodings
select md5('abc'), sha256('abc'), sha224('abc');
select encode('\x00ff5c41'::bytea, 'escape'), encode('abc', 'base64'), encode('abc', 'hex');
select encode(repeat('x', 60)::bytea, 'base64');
select decode('YWJj', 'base64'), decode('41 42', 'hex'), decode('a\101\\b', 'escape');
select decode('4', 'hex');
select decode('zz', 'hex');
select decode('YW', 'base64');
select encode('a', 'foo');
select to_hex(255), to_hex(-1), to_hex(-1::bigint);
-- arrays of text
select string_to_array('a,b,,c', ','), string_to_array('abc', null), string_to_array('abc', ''),
  string_to_array('', ','), string_to_array('a,*,c', ',', '*');
select array_to_string(string_to_array('a,*,c', ',', '*'), '-'),
  array_to_string(string_to_array('a,*,c', ',', '*'), '-', '?');
select string_to_array('a b,"c",NULL,{}', ',');
-- lengths, overlay, trims
select bit_length('héllo'), octet_length('\x0102'::bytea), character_length('héllo'), char_length('héllo');
select overlay('Txxxxas', 'hom', 2, 4), overlay('abc', 'X', 2), overlay('abcdef', 'X', 3, -1);
select overlay('abc', 'X', 0, 1);
select btrim('\x00410000'::bytea, '\x00'::bytea), ltrim('\x0041'::bytea, '\x00'::bytea),
  rtrim('\x4100'::bytea, '\x00'::bytea);
select substr('\x0102030405'::bytea, 2, 2), substring('\x0102030405'::bytea, 3), get_byte('\x1234'::bytea, 1),
  set_byte('\x1234'::bytea, 0, 255), get_bit('\x01'::bytea, 0), set_bit('\x00'::bytea, 3, 1),
  bit_count('\xff01'::bytea), substring('héllo', 2, 2), substr('hello', -1, 3);
select get_byte('\x1234'::bytea, 2);
select set_bit('\x00'::bytea, 0, 2);
select trim(both 'x' from 'xaxx'), trim(leading 'x' from 'xax'), trim(trailing from ' a '), trim('  a  '),
  trim('x' from 'xax');
select id, trim(both 'a' from w) from words order by id;
select trim(1);
-- to_char and to_number on numbers
select to_char(123.45, '9999.99'), to_char(-123.45, '9999.99'), to_char(0.5, '9.99'), to_char(0.5, '0.99');
select to_char(12, '9999'), to_char(12, 'FM9999'), to_char(1234567, '9,999,999'), to_char(123, '99');
select to_char(-12, 'S9999'), to_char(12, '9999MI'), to_char(-12, '9999MI'), to_char(-12, '9999PR');
select to_char(12.5, 'FM999.99'), to_char(12, 'FM999.99'), to_char(1234.5, '9G999D99'),
  to_char(3.14159::float8, '9.999');
select to_char(42, '00000'), to_char(-42, '00000'), to_char(1485, 'FM9,999'), to_char(0, '9999'),
  to_char(0, 'FM9999'), to_char(0, '9999.99');
select id, to_char(id * 1234.5, 'FM99,999.00') from words order by id;
select to_char(1, 'FM999.'), to_char(0, 'FM999.9'), to_char(-123, 'PL999'), to_char(123, 'FMPL999'),
  to_char(4567890123456789, 'FM999.'), to_char(5, '9B9');
select to_char(100, 'f"\ool"999'), to_char(-0.001, 'S 9 9 9 . 9 9 9'),
  to_char(12345678901, E'99999 "text" 9999 "9999" 999 "\\"text between quote marks\\"" 9999');
select to_char(123, 'FM999THPR'), to_char(22, '999th'), to_char(-123, 'SG999th'), to_char(123.5, 'L999.000'),
  to_char(12.34, '99V99'), to_char(1994, 'RN'), to_char(4, 'FMrn'), to_char(4000, 'RN');
select to_char(1234.5, '9.999EEEE'), to_char(-0.00012, '9.99EEEE'), to_char(9.9996, '9.999EEEE');
select to_char(1, 'FM9.999EEEE');
select to_char(1, '9V9.9');
select to_number('12,454.8-', '99G999D9S'), to_number('-34,338,492', '99G999G999'),
  to_number('1234.567', '9999.99'), to_number('  12', '9999');
