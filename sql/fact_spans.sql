-- fact_spans: the evaluation contract. One row per fact of every successfully ingested
-- document, located by file name and character offsets into the document's NFC text.
-- Published: keep this view's name and columns stable (source_file, char_start, char_end,
-- kind, value, denominator, unit).
-- Reviewed in `cchc review`: a fact the analyst rejected is not here, a corrected one shows its
-- corrected kind, value and unit (sql/reviewed_facts.sql; no reviews, no change).
--
--   SELECT source_file, char_start, char_end, kind, value, denominator, unit
--   FROM fact_spans WHERE source_file = '001_1a63f26e4e35afbc.txt' ORDER BY char_start;
CREATE OR REPLACE VIEW fact_spans AS
SELECT
    d.file_name            AS source_file,
    f.char_start           AS char_start,
    f.char_end             AS char_end,
    f.kind                 AS kind,
    CAST(f.value AS DOUBLE)        AS value,
    CAST(f.denominator AS DOUBLE)  AS denominator,
    f.unit                 AS unit
FROM reviewed_facts AS f
JOIN documents AS d USING (document_id)
WHERE d.status = 'ok';
