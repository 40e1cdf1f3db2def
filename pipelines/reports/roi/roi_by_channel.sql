-- roi_by_channel: the ROI report's main table, one row per channel and a totals row.
-- Grain: one row per channel that has leads in the period or spend in it (channel_costs channels
-- without leads still show their spend), plus one row with is_total = true.
-- Inputs: roi_leads (one row per lead in the period), roi_channel_spend (spend per channel).
--
-- Definitions (each rate is null when its denominator is 0 or unknown):
--   conversion_rate = won / leads; revenue = sum of won amounts (null when the data has no
--   amounts); cost_per_lead = spend / leads; cost_per_mql = spend / mqls;
--   acquisition_cost (CAC) = spend / won; roi = (revenue - spend) / spend;
--   median_days_to_close over won leads; mean_open_probability over the open leads that have a
--   prediction; predicted_pipeline_value = sum of probability × expected_amount of those leads.
-- spend is null for a channel with no channel_costs month in the period (unknown, not zero).
-- The totals row is blended over every channel, those without spend included.

with lead_metrics as (
    select
        channel,
        grouping(channel) = 1 as is_total,
        count(*)::integer as leads,
        count(*) filter (where is_mql)::integer as mqls,
        count(*) filter (where is_won)::integer as won,
        sum(won_amount) as won_amount_sum,
        count(*) filter (where is_won and won_amount is null)::integer as won_without_amount,
        median(days_to_close) as median_days_to_close,
        count(*) filter (where is_open)::integer as open_leads,
        count(probability)::integer as open_leads_scored,
        avg(probability) as mean_open_probability,
        sum(probability * expected_amount) as predicted_pipeline_value
    from roi_leads
    group by grouping sets ((channel), ())
),

channel_rows as (
    select
        coalesce(lead_metrics.channel, roi_channel_spend.channel) as channel,
        false as is_total,
        coalesce(lead_metrics.leads, 0) as leads,
        coalesce(lead_metrics.mqls, 0) as mqls,
        coalesce(lead_metrics.won, 0) as won,
        lead_metrics.won_amount_sum,
        coalesce(lead_metrics.won_without_amount, 0) as won_without_amount,
        lead_metrics.median_days_to_close,
        coalesce(lead_metrics.open_leads, 0) as open_leads,
        coalesce(lead_metrics.open_leads_scored, 0) as open_leads_scored,
        lead_metrics.mean_open_probability,
        lead_metrics.predicted_pipeline_value,
        roi_channel_spend.spend,
        coalesce(roi_channel_spend.cost_months, 0) as cost_months
    from (select * from lead_metrics where not is_total) as lead_metrics
    full outer join roi_channel_spend on roi_channel_spend.channel = lead_metrics.channel
),

total_row as (
    select
        {{total_label}} as channel,
        true as is_total,
        leads,
        mqls,
        won,
        won_amount_sum,
        won_without_amount,
        median_days_to_close,
        open_leads,
        open_leads_scored,
        mean_open_probability,
        predicted_pipeline_value,
        (select sum(spend) from roi_channel_spend) as spend,
        (select coalesce(sum(cost_months), 0) from roi_channel_spend)::integer as cost_months
    from lead_metrics
    where is_total
),

all_rows as (
    select * from channel_rows
    union all
    select * from total_row
),

with_revenue as (
    select
        *,
        case when {{has_amounts}} then coalesce(won_amount_sum, 0) end as revenue,
        -- 0 for a channel without open leads; unknown (null) when its open leads have no predictions
        case
            when {{has_amounts}} and (open_leads_scored > 0 or open_leads = 0) then coalesce(predicted_pipeline_value, 0)
        end as pipeline_value
    from all_rows
)

select
    channel,
    is_total,
    leads,
    mqls,
    won,
    won / nullif(leads, 0) as conversion_rate,
    revenue,
    won_without_amount,
    spend,
    cost_months,
    spend / nullif(leads, 0) as cost_per_lead,
    spend / nullif(mqls, 0) as cost_per_mql,
    spend / nullif(won, 0) as acquisition_cost,
    (revenue - spend) / nullif(spend, 0) as roi,
    median_days_to_close,
    open_leads,
    open_leads_scored,
    mean_open_probability,
    pipeline_value as predicted_pipeline_value
from with_revenue
order by is_total, channel
