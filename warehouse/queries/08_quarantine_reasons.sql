-- Question: Why are documents being quarantined, how often, and where is the latest example of each reason?
-- $since TIMESTAMPTZ = 1900-01-01 00:00:00+00 : only documents ingested at or after this time
SELECT
    reason,
    count(*) AS documents,
    max(ingested_at) AS last_seen,
    arg_max(source_uri, ingested_at) AS latest_example
FROM quarantined_documents
WHERE ingested_at >= $since
GROUP BY reason
ORDER BY documents DESC, last_seen DESC;
