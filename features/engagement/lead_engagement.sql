-- lead_engagement: one row per lead that had any event up to its snapshot, describing its
-- engagement as of lead_labels.snapshot_at.
-- Grain: one row per lead_id. Invariant: no event after snapshot_at is seen (point-in-time).
-- A window of W days holds the events with snapshot_at - W days <= occurred_at <= snapshot_at.
-- Leads without visible events have no row; lead_features fills their counts with 0.

with visible_events as (
    select
        events.lead_id,
        events.event_type,
        events.occurred_at,
        date_diff('second', events.occurred_at, lead_labels.snapshot_at) / 86400.0 as age_days
    from events
    inner join lead_labels on lead_labels.lead_id = events.lead_id
    where events.occurred_at <= lead_labels.snapshot_at
)

select
    lead_id,
{{window_counts}}
    count(*)::integer as events_count,
    min(age_days) as recency_days,
    sum(exp(-ln(2) * age_days / {{half_life_days}})) as decayed_engagement,
    -- list_distinct over the lead's dates is exact and about twice as fast here as count(distinct)
    len(list_distinct(list(cast(occurred_at as date))))::integer as active_days_count
from visible_events
group by lead_id
