-- reviewed_facts: the facts as the analyst left them (`cchc review`, table `reviews`): a rejected
-- fact is left out, a corrected one carries the corrected kind, value, entity, period and
-- indicators, and `review_status` says accepted | corrected | NULL (not reviewed). Reviews are
-- joined on the file's content and the fact's span (documents.sha256, char_start, char_end),
-- so they hold across re-ingests. Every analyst view reads facts through this one, so
-- `cchc export` shows corrected values; `extracted_*` keep what the pipeline read.
-- A corrected kind brings its unit along (percent '%', money 'VND', score 'điểm', rank '').
--
--   SELECT fact_id, kind, value, extracted_value, entity, review_status, reviewer, reviewed_at
--   FROM reviewed_facts WHERE review_status IS NOT NULL;
CREATE OR REPLACE VIEW reviewed_facts AS
SELECT
    f.* REPLACE (
        coalesce(r.kind, f.kind)                                   AS kind,
        coalesce(r.value, f.value)                                 AS value,
        CASE WHEN r.kind IS NULL OR r.kind = f.kind THEN f.unit
             WHEN r.kind = 'percent' THEN '%'
             WHEN r.kind = 'money' THEN 'VND'
             WHEN r.kind = 'score' THEN 'điểm'
             WHEN r.kind = 'rank' THEN ''
             WHEN f.kind IN ('count', 'ratio') THEN f.unit           -- the counted noun stays
             ELSE '' END                                           AS unit,
        coalesce(r.entity, f.entity)                               AS entity,
        CASE WHEN r.entity IS NULL THEN f.entity_unit_id ELSE r.entity_unit_id END AS entity_unit_id,
        coalesce(r.period_label, f.period_label)                   AS period_label,
        coalesce(r.indicators, f.indicators)                       AS indicators
    ),
    r.status                                                       AS review_status,
    r.reviewer,
    r.reviewed_at,
    f.kind                                                         AS extracted_kind,
    f.value                                                        AS extracted_value,
    f.entity                                                       AS extracted_entity,
    f.period_label                                                 AS extracted_period_label,
    f.indicators                                                   AS extracted_indicators
FROM facts AS f
JOIN documents AS d ON d.document_id = f.document_id
LEFT JOIN reviews AS r
       ON r.sha256 = d.sha256 AND r.char_start = f.char_start AND r.char_end = f.char_end
WHERE r.status IS DISTINCT FROM 'rejected';
