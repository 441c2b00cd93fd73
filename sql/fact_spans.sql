-- fact_spans: the evaluation contract. One row per fact of every successfully ingested
-- document, located by file name and character offsets into the document's NFC text.
-- Published: keep this view's name and columns stable (source_file, char_start, char_end,
-- kind, value, denominator, unit).
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
FROM facts AS f
JOIN documents AS d USING (document_id)
WHERE d.status = 'ok';
