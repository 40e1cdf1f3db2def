-- lead_engagement: one row per lead that had any event up to its snapshot, describing its
-- engagement as of lead_labels.snapshot_at.
-- Grain: one row per lead_id. Invariant: no event after snapshot_at is seen (point-in-time).
-- A window of W days holds the events with snapshot_at - W days <= occurred_at <= snapshot_at.
-- Leads without visible events have no row; lead_features fills their counts with 0.
--
-- Window counts: each visible event gets one slot number (from 0), from its type's position in
-- the fixed list of event types and the narrowest window holding it (NULL for other types and for
-- events older than the widest window). The count for a type and window is the sum of the slots
-- of that type in that window and the narrower ones. Slots are counted three to one aggregate:
-- an event adds 2^(17 × its slot's position in the group) to its group's sum, so each slot's
-- count is a 17-bit field of that sum. The sums are whole numbers below 2^51, exact in a DOUBLE
-- whatever the order of addition, and a field cannot overflow into the next while the lead has
-- fewer than 2^17 events (engagement.ts checks that, and counts slot by slot otherwise). At 10M
-- events every aggregate costs about 0.1 s of CPU, whatever it adds: one count per slot was 40%
-- of this table's time.
--
-- Active days: a day is identified by its distance in calendar days from the snapshot's date.
-- Days up to 63 back are bits of one 64-bit mask per lead, the older ones (rare) a list; the
-- count is the mask's set bits plus the older list's distinct values. Exact, and without building
-- a list of every event's date, which cost a fifth of this table's time. The shift amount is cast
-- to UBIGINT: with a BIGINT amount DuckDB shifts (and ORs) in HUGEINT, about seven times the cost.

with visible_events as (
    select
        events.lead_id,
        list_position({{event_types}}, events.event_type) as type_number,
        date_diff('second', events.occurred_at, lead_labels.snapshot_at) / 86400.0 as age_days,
        date_diff('day', cast(events.occurred_at as date), cast(lead_labels.snapshot_at as date)) as days_back
    from events
    inner join lead_labels on lead_labels.lead_id = events.lead_id
    where events.occurred_at <= lead_labels.snapshot_at
),

slotted_events as (
    select
        *,
        (type_number - 1) * {{windows}} + {{narrowest_window}} as slot
    from visible_events
),

grouped_events as (
    select
        *,
        slot // 3 as slot_group,
        pow(2.0, 17 * (slot % 3)) as slot_weight
    from slotted_events
),

per_lead as (
    select
        lead_id,
{{slot_counts}}
        count(*)::integer as events_count,
        min(age_days) as recency_days,
        sum(exp(-ln(2) * age_days / {{half_life_days}})) as decayed_engagement,
        -- least(): the shift is computed for every event before the filter picks the recent ones
        bit_or(cast(1 as ubigint) << cast(least(days_back, 63) as ubigint)) filter (where days_back < 64) as recent_days,
        list(days_back) filter (where days_back >= 64) as older_days
    from grouped_events
    group by lead_id
)

select
    lead_id,
{{window_counts}}
    events_count,
    recency_days,
    decayed_engagement,
    (coalesce(bit_count(recent_days), 0) + coalesce(len(list_distinct(older_days)), 0))::integer as active_days_count
from per_lead
