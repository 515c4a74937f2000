-- Question: On which days did an entity suddenly get much more attention than in the week before?
-- $period VARCHAR = 'day' : 'day', 'week' or 'month'
-- $limit INTEGER = 20 : how many spikes
SELECT period_start, name, entity_type, articles, round(share, 4) AS share, trailing_median, round(robust_z, 1) AS robust_z
FROM entity_attention
WHERE period = $period AND spike
ORDER BY robust_z DESC, articles DESC, name
LIMIT $limit;
