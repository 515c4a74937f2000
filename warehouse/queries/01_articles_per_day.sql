-- Question: How many articles were published each day, and how many of them were main articles?
-- $since DATE = 1900-01-01 : first publication date to count
-- $until DATE = 2999-12-31 : last publication date to count
SELECT
    published_date,
    sum(articles) AS articles,
    sum(main_articles) AS main_articles,
    sum(words) AS words
FROM publisher_daily_volume
WHERE published_date BETWEEN $since AND $until
GROUP BY published_date
ORDER BY published_date;
