-- lead_labels for a wide source: the label is a column of the leads table itself and there are
-- no dates, so there is no snapshot and no window. Same columns as lead_labels.sql.
-- Grain: one row per lead_id.

select
    lead_id,
    created_at,
    case label when 1 then 'won' when 0 then 'lost' else 'open' end as status,
    cast(null as timestamp) as closed_at,
    cast(null as double) as amount,
    cast(null as timestamp) as snapshot_at,
    label,
    label is not null as is_training,
    label is null as is_open,
    false as is_outcome_before_snapshot,
    case when label is null then 'no label' end as exclusion_reason
from leads
