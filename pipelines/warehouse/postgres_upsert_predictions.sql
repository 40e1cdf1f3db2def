-- postgres_upsert_predictions: one scoring run, from the session's staging table into the target.
-- Grain: one row per (lead_id, model_id). A lead already scored by this model gets the new row,
-- so re-running the same job leaves the same rows; a lead scored by another model keeps its row.
-- The run's constants travel as parameters: $1 model_id, $2 run_id, $3 scored_at.
--
-- An upsert as delete-then-insert: `insert ... on conflict do update` costs about twice as much
-- (speculative insertion per row), and the caller runs both statements in one transaction under
-- an advisory lock per target, so readers see the old rows or the new ones, never a mix, and two
-- runs on the same target take turns. A row some other writer inserts between the two statements
-- makes the insert fail on the primary key and the whole run roll back: nothing lost, nothing doubled.

delete from {{target}} as target
using {{staging}} as staging
where target.lead_id = staging.lead_id
  and target.model_id = $1::text;

insert into {{target}} ({{columns}}, model_id, run_id, scored_at)
select {{columns}}, $1::text, $2::text, $3::timestamptz
from {{staging}};
