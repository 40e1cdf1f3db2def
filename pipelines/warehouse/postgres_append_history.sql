-- postgres_append_history: every run's predictions, kept (output.history_table).
-- Grain: one row per (run_id, lead_id, model_id). A run is appended whole, once: writing a run
-- whose rows are already there changes nothing, so a retried run is idempotent here too.
-- Parameters as in postgres_upsert_predictions.sql: $1 model_id, $2 run_id, $3 scored_at.

insert into {{history}} ({{columns}}, model_id, run_id, scored_at)
select {{columns}}, $1::text, $2::text, $3::timestamptz
from {{staging}}
where not exists (select 1 from {{history}} as kept where kept.run_id = $2::text);
