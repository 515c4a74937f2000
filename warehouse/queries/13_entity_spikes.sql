-- Question: Which entities got the most attention relative to their own recent past, and which of those were spikes?
-- $period VARCHAR = day : 'day', 'week' or 'month'
-- $limit INTEGER = 20 : how many entity-periods
SELECT period_start, name, entity_type, articles, round(share, 4) AS share, trailing_median, round(robust_z, 1) AS robust_z, spike
FROM entity_attention
WHERE period = $period AND articles > 0 AND robust_z IS NOT NULL
ORDER BY spike DESC, robust_z DESC, articles DESC, name
LIMIT $limit;
