-- report_files: one row per document file, with the report it holds. The same report received
-- as .txt, .docx and .pdf, or as a renamed copy, shares one report_key (normalizers/identity.py:
-- number and symbol, else type + title + unit + period, else the numbers it states, else its
-- bytes); `is_primary` marks the one file whose facts the analyst views count, `source_files`
-- lists every file of the report. The primary file is the one that yields most facts (a
-- rendering that lost a footnote loses to the one that kept it), then .docx, .pdf, .txt. A
-- byte-for-byte copy under another name is one document (document_paths): a row of its own
-- here, never primary.
--
--   SELECT report_key, file_name, is_primary, source_files FROM report_files ORDER BY report_key;
CREATE OR REPLACE VIEW report_files AS
WITH ok AS (
    SELECT document_id, file_name, format, n_facts, path,
           coalesce(report_key, 'sha:' || sha256) AS report_key
    FROM documents WHERE status = 'ok'
),
ranked AS (
    SELECT document_id, file_name, report_key,
           row_number() OVER (PARTITION BY report_key
                              ORDER BY n_facts DESC,
                                       CASE format WHEN 'docx' THEN 1 WHEN 'pdf' THEN 2 WHEN 'txt' THEN 3 ELSE 4 END,
                                       path) = 1 AS is_primary
    FROM ok
),
files AS (
    SELECT * FROM ranked
    UNION ALL
    SELECT ok.document_id, regexp_extract(p.path, '[^/]*$'), ok.report_key, false
    FROM document_paths AS p JOIN ok USING (document_id)
)
SELECT
    document_id, file_name, report_key, is_primary,
    count(*) OVER (PARTITION BY report_key)                                          AS n_files,
    string_agg(file_name, ', ' ORDER BY file_name) OVER (PARTITION BY report_key)    AS source_files
FROM files;
