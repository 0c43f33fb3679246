-- WITH RECURSIVE ... SEARCH BREADTH FIRST BY cols SET seq: seq is the record (depth, cols), so that ordering by it
-- lists the rows level by level.
create table graph0 (f int, t int, label text);
insert into graph0 values
	(1, 2, 'arc 1 -> 2'),
	(1, 3, 'arc 1 -> 3'),
	(2, 3, 'arc 2 -> 3'),
	(1, 4, 'arc 1 -> 4'),
	(4, 5, 'arc 4 -> 5');

with recursive search_graph(f, t, label) as (
	select * from graph0 g
	union all
	select g.*
	from graph0 g, search_graph sg
	where g.f = sg.t
) search breadth first by f, t set seq
select * from search_graph order by seq;

with recursive search_graph(f, t, label) as (
	select * from graph0 g
	union distinct
	select g.*
	from graph0 g, search_graph sg
	where g.f = sg.t
) search breadth first by f, t set seq
select * from search_graph order by seq;

with recursive test as (
  select 1 as x
  union all
  select x + 1
  from test
) search breadth first by x set y
select * from test limit 5;

-- one search column; the sequence's depth read back
with recursive tree(id, parent) as (
  select 1, null::int
  union all
  select g.t, g.f from graph0 g join tree on g.f = tree.id
) search breadth first by id set ord
select id, parent, ord from tree order by ord, parent;

-- with CYCLE too
with recursive search_graph(f, t, label) as (
	select * from graph0 g
	union all
	select g.*
	from graph0 g, search_graph sg
	where g.f = sg.t
) search breadth first by f, t set seq
  cycle f, t set is_cycle using path
select * from search_graph order by seq;

-- errors
with recursive search_graph(f, t, label) as (
	select * from graph0 g
	union all
	select g.*
	from graph0 g, search_graph sg
	where g.f = sg.t
) search breadth first by foo, tar set seq
select * from search_graph;
with recursive search_graph(f, t, label) as (
	select * from graph0 g
	union all
	select g.*
	from graph0 g, search_graph sg
	where g.f = sg.t
) search breadth first by f, t set label
select * from search_graph;
-- a star over the recursive reference is its columns, not the added ones
with recursive a as (
	select 1 as b
	union all
	select * from a
) cycle b set c using p
select * from a;
with recursive t(n, m) as (
	select 1, 2
	union all
	select x.* from t x
) search breadth first by n set s
  cycle n, m set c using p
select * from t order by s;
