-- Question: Which entities get the most attention once syndicated copies count once, and how many of their articles were copies?
-- $period VARCHAR = week : 'day', 'week' or 'month'
-- $limit INTEGER = 20 : how many entity-periods
SELECT
    period_start,
    name,
    entity_type,
    articles,
    articles_without_copies,
    articles - articles_without_copies AS copies_counted_again,
    stories,
    round(share_without_copies, 4) AS share_without_copies
FROM entity_attention
WHERE period = $period AND articles > 0
ORDER BY articles_without_copies DESC, articles DESC, name, period_start
LIMIT $limit;
