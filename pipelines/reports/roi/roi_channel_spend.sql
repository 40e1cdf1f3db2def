-- roi_channel_spend: spend per channel within the report's period.
-- Grain: one row per channel with at least one channel_costs month overlapping the period.
-- Input: channel_costs (channel, month = the month's first day, cost).
--
-- A month only partly inside the period counts pro rata by days: spend = cost × (days of the
-- month inside the period) / (days in the month). Period: {{period_desc}}.

with months as (
    select
        channel,
        month,
        cast(month + interval 1 month as date) as next_month,
        cost
    from channel_costs
),

overlap as (
    select
        channel,
        cost,
        date_diff('day', greatest(month, coalesce({{period_start}}, month)),
                         least(next_month, coalesce({{period_end_exclusive}}, next_month))) as days_in_period,
        date_diff('day', month, next_month) as days_in_month
    from months
)

select
    channel,
    sum(cost * days_in_period / days_in_month) as spend,
    count(*)::integer as cost_months
from overlap
where days_in_period > 0
group by channel
