-- lead_labels: one row per lead, with its outcome, its label and the moment its features describe.
-- Grain: one row per lead_id (unique). Invariant: snapshot_at is never after the lead's outcome.
--
-- Label rule: a lead is positive (1) if it was won within {{window_desc}} of created_at;
-- negative (0) if lost, won later than that, or still open when its window had elapsed by
-- {{as_of}}; otherwise unlabelled (NULL): still open, to be scored.
--
-- Snapshot rule: snapshot_at = created_at + {{snapshot_days}} days (never later than the as-of
-- time). A lead whose outcome came first is handled by outcome_before_snapshot = {{outcome_rule}}:
-- `clamp` moves its snapshot to one second before the outcome, `exclude` keeps it out of training.

with lead_outcome as (
    select
        leads.lead_id,
        leads.created_at,
        coalesce(outcomes.status, {{missing_status}}) as status,
        outcomes.closed_at,
        outcomes.amount
    from leads
    left join outcomes on outcomes.lead_id = leads.lead_id
),

windowed as (
    select
        *,
        {{window_end_expr}} as window_ends_at,
        least(created_at + to_microseconds(cast({{snapshot_micros}} as bigint)), {{as_of}}) as nominal_snapshot_at
    from lead_outcome
),

labelled as (
    select
        *,
        case
            when status = 'won' and (window_ends_at is null or closed_at <= window_ends_at) then 1
            when status = 'won' then 0
            when status = 'lost' then 0
            when status = 'open' and window_ends_at is not null and window_ends_at <= {{as_of}} then 0
        end as label,
        status in ('won', 'lost') and closed_at is not null and closed_at <= nominal_snapshot_at
            as is_outcome_before_snapshot
    from windowed
)

select
    lead_id,
    created_at,
    status,
    closed_at,
    amount,
    case
        when is_outcome_before_snapshot then closed_at - interval 1 second
        else nominal_snapshot_at
    end as snapshot_at,
    label,
    label is not null and not (is_outcome_before_snapshot and {{exclude_early}}) as is_training,
    status = 'open' as is_open,
    is_outcome_before_snapshot,
    case
        when label is null then 'open, window not elapsed'
        when is_outcome_before_snapshot and {{exclude_early}} then 'excluded: outcome before snapshot'
    end as exclusion_reason
from labelled
