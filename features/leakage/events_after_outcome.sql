-- events_after_outcome: one row per event type, counting the events of training leads that were
-- timestamped after their lead's outcome (lead_labels.closed_at), and how many of those the
-- snapshot rule lets through (on or before snapshot_at, the cut lead_engagement uses).
-- Grain: one row per event_type with at least one event of a training lead.
-- Reads: events, lead_labels (built by features/labels). Leads without closed_at (open, or a
-- wide source without dates) have no outcome time, so none of their events counts as after it.

with training_events as (
    select
        events.lead_id,
        events.event_type,
        events.occurred_at,
        lead_labels.closed_at,
        lead_labels.snapshot_at
    from events
    inner join lead_labels on lead_labels.lead_id = events.lead_id
    where lead_labels.is_training
),

flagged as (
    select
        lead_id,
        event_type,
        coalesce(occurred_at > closed_at, false) as is_after_outcome,
        coalesce(occurred_at > closed_at and occurred_at <= snapshot_at, false) as is_visible_after_outcome
    from training_events
)

select
    event_type,
    count(*)::bigint as events_count,
    count(*) filter (where is_after_outcome)::bigint as after_outcome_count,
    count(*) filter (where is_visible_after_outcome)::bigint as visible_after_outcome_count,
    count(distinct lead_id) filter (where is_after_outcome)::bigint as after_outcome_leads_count
from flagged
group by event_type
order by event_type
