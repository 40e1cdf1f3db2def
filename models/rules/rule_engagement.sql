-- rule_engagement: the points each engagement rule of a rule set gives each lead, as of the
-- lead's scoring time. Inputs: events(lead_id, occurred_at, event_type, value) and table
-- rule_leads(lead_id, scored_at), whose rowid keys the output; the rule set arrives as the three
-- VALUES lists below, and the bounds of the events that can count as the placeholders in
-- visible_events.
-- Grain: one row per (lead_key, rule_id) with at least one counted occurrence, lead_key being the
-- lead's rule_leads.rowid; a lead without any has no row (its engagement rule points are 0).
-- Invariants: no event after scored_at counts; |points| <= |capped_points| <= cap_points.
--
-- Per rule: count the lead's events of the rule's types, within its value range [value_min,
-- value_max) and its window (age_days <= window_days: an event exactly window_days old counts, as in the model's window counts). raw_points = occurrences × points, or the
-- points of the frequency band the count falls in (bands are inclusive at both ends);
-- decayed_points = the sum of each occurrence's points × 0.5^(age_days / half_life_days), added
-- oldest first (raw_points without a half-life);
-- capped_points = decayed_points limited to ±cap_points; points = capped_points minus
-- points_lost_per_week × full weeks since the lead's last event of any type, stopping at 0.
--
-- Speed: when every rule has a window, no event older than the longest (horizon_days) can count,
-- and the last event of a lead with a row is no older than its counted ones: only the events of
-- the last horizon_days are read. Their bounds, from the earliest and latest scoring time, are constants
-- that DuckDB applies while scanning events, before the join on the lead's text id; after it the
-- lead is its integer key.

with rules as (
    select
        rule_index::integer as rule_index,
        rule_id::varchar as rule_id,
        points_per_occurrence::double as points_per_occurrence,
        uses_frequency_bands::boolean as uses_frequency_bands,
        value_min::double as value_min,
        value_max::double as value_max,
        window_days::double as window_days,
        half_life_days::double as half_life_days,
        cap_points::double as cap_points,
        points_lost_per_week::double as points_lost_per_week
    from (values
{{rules}}
    ) as rules (rule_index, rule_id, points_per_occurrence, uses_frequency_bands, value_min, value_max, window_days, half_life_days, cap_points, points_lost_per_week)
    where rule_id is not null
),

rule_event_types as (
    select
        rule_id::varchar as rule_id,
        event_type::varchar as event_type
    from (values
{{rule_event_types}}
    ) as rule_event_types (rule_id, event_type)
    where rule_id is not null
),

frequency_bands as (
    select
        rule_id::varchar as rule_id,
        min_occurrences::integer as min_occurrences,
        max_occurrences::integer as max_occurrences,
        band_points::double as band_points
    from (values
{{frequency_bands}}
    ) as frequency_bands (rule_id, min_occurrences, max_occurrences, band_points)
    where rule_id is not null
),

visible_events as (
    select
        rule_leads.rowid::integer as lead_key,
        events.event_type,
        events.value,
        date_diff('second', events.occurred_at, rule_leads.scored_at) / 86400.0 as age_days
    from events
    inner join rule_leads on rule_leads.lead_id = events.lead_id
    where events.occurred_at <= rule_leads.scored_at
        and events.occurred_at >= {{first_event_at}}
        and events.occurred_at <= {{last_event_at}}
        and ({{horizon_days}} is null or date_diff('second', events.occurred_at, rule_leads.scored_at) / 86400.0 <= {{horizon_days}})
),

last_activity as (
    select
        lead_key,
        min(age_days) as inactive_days
    from visible_events
    group by lead_key
),

rule_types as (
    select
        rules.*,
        rule_event_types.event_type
    from rules
    inner join rule_event_types on rule_event_types.rule_id = rules.rule_id
),

counted_events as (
    select
        visible_events.lead_key,
        rule_types.rule_index,
        visible_events.age_days,
        rule_types.half_life_days,
        rule_types.points_per_occurrence * coalesce(pow(0.5, visible_events.age_days / rule_types.half_life_days), 1) as decayed_occurrence_points
    from visible_events
    inner join rule_types on rule_types.event_type = visible_events.event_type
    where (rule_types.window_days is null or visible_events.age_days <= rule_types.window_days)
        and (rule_types.value_min is null or visible_events.value >= rule_types.value_min)
        and (rule_types.value_max is null or visible_events.value < rule_types.value_max)
),

rule_counts as (
    select
        lead_key,
        rule_index,
        count(*)::integer as occurrences,
        -- Decaying points are added oldest first (ties: equal ages, equal points), so the sum does
        -- not depend on how DuckDB splits the work. A list sorted per lead is much cheaper than
        -- sum(... order by ...), which keeps a sort state per group. Points that do not decay
        -- need no sum: they are occurrences × points.
        list_sum(list_transform(
            list_sort(list({'age_days': age_days, 'points': decayed_occurrence_points}) filter (where half_life_days is not null), 'desc'),
            occurrence -> occurrence.points
        )) as decayed_occurrence_points
    from counted_events
    group by lead_key, rule_index
),

rule_points as (
    select
        rule_counts.lead_key,
        rules.rule_index,
        rules.rule_id,
        rule_counts.occurrences,
        case
            when rules.uses_frequency_bands then coalesce(frequency_bands.band_points, 0)
            else rules.points_per_occurrence * rule_counts.occurrences
        end as raw_points,
        case
            when rules.uses_frequency_bands then coalesce(frequency_bands.band_points, 0)
            when rules.half_life_days is null then rules.points_per_occurrence * rule_counts.occurrences
            else rule_counts.decayed_occurrence_points
        end as decayed_points,
        rules.cap_points,
        rules.points_lost_per_week,
        floor(last_activity.inactive_days / 7)::integer as inactive_weeks
    from rule_counts
    inner join rules on rules.rule_index = rule_counts.rule_index
    inner join last_activity on last_activity.lead_key = rule_counts.lead_key
    left join frequency_bands on frequency_bands.rule_id = rules.rule_id
        and rule_counts.occurrences >= frequency_bands.min_occurrences
        and (frequency_bands.max_occurrences is null or rule_counts.occurrences <= frequency_bands.max_occurrences)
),

capped_rule_points as (
    select
        *,
        case
            when cap_points is null then decayed_points
            when decayed_points >= 0 then least(decayed_points, cap_points)
            else greatest(decayed_points, -cap_points)
        end as capped_points
    from rule_points
)

select
    lead_key,
    rule_id,
    rule_index,
    occurrences,
    raw_points,
    decayed_points,
    capped_points,
    case
        when points_lost_per_week is null then capped_points
        when capped_points >= 0 then greatest(capped_points - points_lost_per_week * inactive_weeks, 0)
        else least(capped_points + points_lost_per_week * inactive_weeks, 0)
    end as points,
    inactive_weeks
from capped_rule_points
