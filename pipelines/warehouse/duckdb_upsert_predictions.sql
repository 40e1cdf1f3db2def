-- duckdb_upsert_predictions: one scoring run, from the connection's staging table into the target.
-- Grain: one row per (lead_id, model_id). A lead already scored by this model gets the new row,
-- so re-running the same job leaves the same rows; a lead scored by another model keeps its row.
-- {{values}} reads the staging table back into the predictions columns (appendPredictions.ts
-- stagePredictions); the run's constants travel as parameters $model_id, $run_id, $scored_at.
-- The caller runs these in one transaction and picks by the target's shape and contents:
--
--   model has no rows yet                 insert
--   table without a key, model has rows   delete, then insert
--   table keyed on (lead_id, model_id)    insert or replace
--   (warehouses made before the key was dropped)
--
-- New tables carry no primary key: keeping DuckDB's index on (lead_id, model_id) up to date cost
-- more than writing the rows themselves (1M rows: 6.0 s CPU into an empty keyed table against 3.2 s
-- without the key), and on a keyed table delete-then-insert is pathological (over a minute). The
-- writer keeps the grain instead: it refuses a run that holds a lead twice, and deletes the
-- model's old rows of the run's leads before inserting.

delete from {{target}}
where model_id = $model_id
  and lead_id in (select lead_id from {{staging}});

insert into {{target}} ({{columns}})
select {{values}}, $model_id, $run_id, $scored_at
from {{staging}};

insert or replace into {{target}} ({{columns}})
select {{values}}, $model_id, $run_id, $scored_at
from {{staging}};
