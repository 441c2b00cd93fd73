-- quality_flags: numbers an analyst should not use before reading the source, each with both
-- numbers and both places.
--   restated_percent, parts_vs_total, percent_over_max, score_over_max, rank_over_n: found inside
--     one document at ingest (normalizers/checks.py, table `checks`);
--   conflicting_values: one indicator with two different actual values for the same unit and
--     period, across all documents. Numbers the report itself relates are not conflicts: a
--     percent and the x/y it restates, a total and its parts, two parts of one total.
-- The same report received as .txt, .docx and .pdf gives the same flag once, with all its files.
-- Facts are read as reviewed (sql/reviewed_facts.sql): a check on a number the analyst rejected
-- (either of its two numbers) is left out; conflicts are found between corrected values.
--
--   SELECT check_name, severity, value_text, other_text, message, source_files, sentence
--   FROM quality_flags WHERE source_files LIKE '%442b549b8d9bf7bd%';
--
-- quality_flags_of(ids): the flags of some indicators only, their facts filtered first (see
-- indicator_facts_of); `cchc export --indicator` reads this.
CREATE OR REPLACE MACRO quality_flags_of(ids) AS TABLE
WITH in_document AS (
    SELECT c.check_name, c.severity,
           f.entity AS unit_name, f.period_label,
           list_sort(list_distinct(f.indicators)) AS indicators,
           c.value, c.matched_text AS value_text, c.other_value, c.other_text, c.expected, c.message,
           f.sentence, d.file_name, f.page, c.char_start, c.other_start
    FROM checks AS c
    JOIN documents AS d ON d.document_id = c.document_id AND d.status = 'ok'
    LEFT JOIN reviewed_facts AS f ON f.document_id = c.document_id AND f.char_start = c.char_start
    WHERE (ids IS NULL OR list_has_any(f.indicators, ids))
      AND NOT EXISTS (SELECT 1 FROM reviews AS rv
                      WHERE rv.sha256 = d.sha256 AND rv.status = 'rejected'
                        AND ((rv.char_start = c.char_start AND rv.char_end = c.char_end)
                             OR (rv.char_start = c.other_start AND rv.char_end = c.other_end)))
),
actual AS (
    SELECT indicator_id, coalesce(unit_id, unit_name) AS unit_key, unit_name, period_label,
           round(indicator_value, 2) AS v, matched_text, source_file, page, sentence, document_id,
           char_start, restates_start, part_of_start
    FROM indicator_facts_of(ids)
    WHERE indicator_id IS NOT NULL AND role = 'actual'
),
related AS (    -- value pairs a report relates itself: restatements, total and part, sibling parts
    SELECT DISTINCT a.indicator_id, a.unit_key, a.period_label, a.v AS v1, b.v AS v2
    FROM actual AS a JOIN actual AS b
      ON a.document_id = b.document_id AND a.indicator_id = b.indicator_id
     AND a.unit_key = b.unit_key AND a.period_label IS NOT DISTINCT FROM b.period_label
     AND (a.restates_start = b.char_start OR b.restates_start = a.char_start
          OR a.part_of_start = b.char_start OR b.part_of_start = a.char_start
          OR a.part_of_start = b.part_of_start)
),
conflicts AS (
    SELECT a.indicator_id, a.unit_key, any_value(a.unit_name) AS unit_name, a.period_label,
           a.v AS value, b.v AS other_value,
           any_value(a.matched_text) AS value_text, any_value(b.matched_text) AS other_text,
           any_value(a.sentence) AS sentence, any_value(a.page) AS page,
           string_agg(DISTINCT a.source_file, ', ' ORDER BY a.source_file) AS files_a,
           string_agg(DISTINCT b.source_file, ', ' ORDER BY b.source_file) AS files_b,
           min(a.char_start) AS char_start, min(b.char_start) AS other_start
    FROM actual AS a JOIN actual AS b
      ON a.indicator_id = b.indicator_id AND a.unit_key = b.unit_key
     AND a.period_label IS NOT DISTINCT FROM b.period_label AND a.v < b.v
    WHERE NOT EXISTS (SELECT 1 FROM related AS r
                      WHERE r.indicator_id = a.indicator_id AND r.unit_key = a.unit_key
                        AND r.period_label IS NOT DISTINCT FROM a.period_label
                        AND ((r.v1 = a.v AND r.v2 = b.v) OR (r.v1 = b.v AND r.v2 = a.v)))
    GROUP BY a.indicator_id, a.unit_key, a.period_label, a.v, b.v
)
SELECT check_name, severity, unit_name, period_label, indicators, value, value_text,
       other_value, other_text, expected, message,
       string_agg(DISTINCT file_name, ', ' ORDER BY file_name) AS source_files,
       any_value(page) AS page, any_value(sentence) AS sentence,
       min(char_start) AS char_start, min(other_start) AS other_start
FROM in_document
GROUP BY check_name, severity, unit_name, period_label, indicators, value, value_text, other_value,
         other_text, expected, message
UNION ALL
SELECT 'conflicting_values', 'warning', unit_name, period_label, [indicator_id], value, value_text,
       other_value, other_text, NULL,
       indicator_id || ': ' || value_text || ' (' || files_a || ') khác ' || other_text || ' (' || files_b || ')',
       CASE WHEN files_a = files_b THEN files_a ELSE files_a || '; ' || files_b END,
       page, sentence, char_start, other_start
FROM conflicts;

CREATE OR REPLACE VIEW quality_flags AS
SELECT * FROM quality_flags_of(CAST(NULL AS VARCHAR[]));
