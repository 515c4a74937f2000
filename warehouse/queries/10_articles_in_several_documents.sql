-- Question: Which articles were found in several documents (republished, or embedded in other pages)?
-- $min_documents INTEGER = 2 : least number of documents
SELECT o.article_id, o.title, o.documents, list(d.source_uri ORDER BY d.source_uri) AS found_in
FROM article_overview AS o
JOIN article_documents AS ad USING (article_id)
JOIN documents AS d ON d.doc_id = ad.doc_id
WHERE o.documents >= $min_documents
GROUP BY o.article_id, o.title, o.documents
ORDER BY o.documents DESC, o.title;
