-- Question: What share of each month's articles did each outlet publish?
-- $since DATE = 1900-01-01 : first publication date to count
SELECT
    date_trunc('month', published_date)::DATE AS month,
    outlet,
    sum(articles) AS articles,
    round(100.0 * sum(articles) / sum(sum(articles)) OVER (PARTITION BY date_trunc('month', published_date)), 1) AS share_pct
FROM publisher_daily_volume
WHERE published_date >= $since
GROUP BY month, outlet, date_trunc('month', published_date)
ORDER BY month, articles DESC, outlet;
