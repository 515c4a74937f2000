-- Question: Which outlets had days with quarantined documents, implausible dates or many copies?
-- $min_duplicate_rate DOUBLE = 0.5 : a day with at least this share of copies is reported
-- $limit INTEGER = 50 : how many outlet-days
SELECT outlet, day, articles, empty_articles, quarantined_documents, implausible_dates, round(duplicate_rate, 3) AS duplicate_rate, languages
FROM source_health
WHERE quarantined_documents > 0 OR implausible_dates > 0 OR empty_articles > 0 OR duplicate_rate >= $min_duplicate_rate
ORDER BY day DESC, outlet
LIMIT $limit;
