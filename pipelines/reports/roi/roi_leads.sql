-- roi_leads: every lead created in the report's period, with what the ROI report counts for it.
-- Grain: one row per lead_id. Inputs: leads, lead_labels (one outcome per lead), roi_mql
-- (lead_id, is_mql) and roi_predictions (lead_id, probability: the chosen model's latest
-- prediction for each open lead).
--
-- Period: {{period_desc}} (a cohort: what the leads created then went on to do, whenever it
-- happened). won_amount is the amount of a won deal; days_to_close the days from created_at to
-- closed_at of a won deal.
--
-- expected_amount (open leads only): what the lead's deal is expected to be worth if it is won:
-- the mean amount of its channel's won deals over all history (not only the period) when the
-- channel has at least {{min_channel_deals}} won deals with an amount, else the mean of every won
-- deal with an amount; null when no deal has an amount.

with lead_outcomes as (
    select
        leads.lead_id,
        coalesce(leads.channel, {{no_channel}}) as channel,
        coalesce(leads.campaign, {{no_campaign}}) as campaign,
        lead_labels.created_at,
        lead_labels.status,
        lead_labels.closed_at,
        lead_labels.amount,
        lead_labels.is_open
    from leads
    inner join lead_labels on lead_labels.lead_id = leads.lead_id
),

won_deals as (
    select channel, amount
    from lead_outcomes
    where status = 'won' and amount is not null
),

channel_deal_amounts as (
    select
        channel,
        avg(amount) as mean_amount,
        count(*) as deals
    from won_deals
    group by channel
),

overall_deal_amount as (
    select avg(amount) as mean_amount
    from won_deals
),

in_period as (
    select *
    from lead_outcomes
    where {{period_filter}}
)

select
    in_period.lead_id,
    in_period.channel,
    in_period.campaign,
    in_period.created_at,
    in_period.status = 'won' as is_won,
    in_period.is_open,
    case when in_period.status = 'won' then in_period.amount end as won_amount,
    case
        when in_period.status = 'won'
            then (epoch(in_period.closed_at) - epoch(in_period.created_at)) / 86400.0
    end as days_to_close,
    roi_mql.is_mql,
    case when in_period.is_open then roi_predictions.probability end as probability,
    case
        when in_period.is_open then
            coalesce(
                case when channel_deal_amounts.deals >= {{min_channel_deals}} then channel_deal_amounts.mean_amount end,
                overall_deal_amount.mean_amount
            )
    end as expected_amount
from in_period
cross join overall_deal_amount
left join channel_deal_amounts on channel_deal_amounts.channel = in_period.channel
left join roi_mql on roi_mql.lead_id = in_period.lead_id
left join roi_predictions on roi_predictions.lead_id = in_period.lead_id
