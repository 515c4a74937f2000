-- Question: Which articles did their publishers tag with a given keyword?
-- $tag VARCHAR = قره باغ : the tag as displayed (keywords.keyword)
SELECT published_date, outlet, title, tags, article_id
FROM article_overview
WHERE list_contains(tags, $tag)
ORDER BY published_date DESC NULLS LAST, title;
