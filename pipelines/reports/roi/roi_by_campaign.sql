-- roi_by_campaign: the ROI report's funnel numbers per channel and campaign.
-- Grain: one row per (channel, campaign) with leads in the period. Input: roi_leads.
-- No spend columns: channel_costs holds spend per channel and month, not per campaign.
-- Definitions as in roi_by_channel.sql.

select
    channel,
    campaign,
    count(*)::integer as leads,
    count(*) filter (where is_mql)::integer as mqls,
    count(*) filter (where is_won)::integer as won,
    count(*) filter (where is_won) / count(*) as conversion_rate,
    case when {{has_amounts}} then coalesce(sum(won_amount), 0) end as revenue,
    median(days_to_close) as median_days_to_close,
    count(*) filter (where is_open)::integer as open_leads,
    avg(probability) as mean_open_probability,
    case
        when {{has_amounts}} and (count(probability) > 0 or count(*) filter (where is_open) = 0)
            then coalesce(sum(probability * expected_amount), 0)
    end as predicted_pipeline_value
from roi_leads
group by channel, campaign
order by channel, campaign
