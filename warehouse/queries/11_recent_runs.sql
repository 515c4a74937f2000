-- Question: How did the most recent runs go: documents seen, loaded and quarantined, and how long did each take?
-- $limit INTEGER = 10 : how many runs
SELECT
    run_id,
    started_at,
    round(epoch(finished_at) - epoch(started_at), 1) AS seconds,
    documents_seen,
    documents_new,
    documents_loaded,
    documents_quarantined,
    documents_skipped,
    CAST(json_extract(rows_written, '$.articles') AS BIGINT) AS articles_added
FROM runs
ORDER BY started_at DESC
LIMIT $limit;
