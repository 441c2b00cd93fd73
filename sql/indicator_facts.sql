-- indicator_facts: every fact with what it measures, who, when and where it was read.
-- One row per (fact, indicator); a fact no indicator fits appears once with indicator_id NULL
-- (it keeps its counted noun in `unit` and its sentence), so nothing is dropped.
-- indicator_value puts the number on the indicator's scale: a ratio read as a rate becomes
-- x/y × 100 ("92/228 hồ sơ" -> 40.35 for dossier.fully_online_rate); a score stated with its
-- maximum, for an indicator on a 0–100 scale, becomes its share of that maximum (82,78 of 89,00
-- -> 93.01 for par_index.score: units scored out of different maxima are ranked by it, as the
-- published "Chỉ số chung" is; a maximum under half the scale is a criterion's, 1,50 of 1,50
-- points, not the index's, and is left as written); otherwise the value itself. `value` and `denominator` keep the
-- numbers as written.
-- A report received in several files (.txt, .docx, .pdf, a renamed copy) is counted once: its
-- primary file's facts are here and `source_files` names every file of it (report_files).
-- Rates the report implies but does not state (derived_facts: "(trước hạn + đúng hạn) / đã giải
-- quyết") are rows with `derived` true, block_kind 'derived', no span, the formula as sentence
-- and `derived_inputs` naming the char_start of the facts they were computed from.
-- Facts are read as reviewed (sql/reviewed_facts.sql): rejected ones left out, corrected values
-- in, `review_status` accepted | corrected | NULL; a derived rate whose input the analyst
-- corrected or rejected is left out (it was computed from the number as extracted).
--
--   SELECT unit_name, period_label, indicator_value, source_file, page, sentence
--   FROM indicator_facts WHERE indicator_id = 'dossier.in_time_rate' AND role = 'actual';
--
-- indicator_facts_of(ids) is the same rows for some indicators only, the filter applied to the
-- facts before their indicator lists are unnested: a filter on the view's indicator_id cannot
-- pass the unnest, so on a warehouse of a million facts it would unnest all of them first
-- (`cchc export --indicator` reads this).
--   SELECT * FROM indicator_facts_of(['dossier.in_time_rate']);
CREATE OR REPLACE MACRO indicator_facts_of(ids) AS TABLE
SELECT
    f.indicator_id,
    i.label_vi                                   AS indicator_label,
    f.entity                                     AS unit_name,      -- xã Nhơn Lộc, cấp xã, phòng Quản lý đô thị
    f.entity_unit_id                             AS unit_id,        -- units.unit_id when the entity is a unit
    un.level                                     AS unit_level,
    f.period_label,
    p.start_date                                 AS period_start,
    p.end_date                                   AS period_end,
    f.role,                                                         -- actual | target | baseline | change
    f.comparator,
    CASE WHEN i.kind = 'percent' AND f.kind = 'ratio' AND f.denominator > 0
         THEN round(f.value / f.denominator * 100, 2)
         WHEN f.kind = 'score' AND i.max_value = 100 AND f.denominator >= i.max_value / 2
              AND f.denominator <> 100
         THEN round(f.value / f.denominator * 100, 2)
         ELSE f.value END                        AS indicator_value,
    coalesce(i.unit, f.unit)                     AS indicator_unit,
    f.kind, f.value, f.denominator, f.unit,
    f.matched_text, f.indicator_cue,
    d.file_name                                  AS source_file,
    r.source_files, r.report_key,
    d.doc_type, d.unit_name                      AS reporting_unit, d.issue_date,
    f.page, f.char_start, f.char_end, f.block_kind, f.table_index, f.table_row, f.table_col,
    f.sentence,
    f.fact_id, f.document_id, f.restates_start, f.part_of_start,
    false                                        AS derived,
    CAST(NULL AS INTEGER[])                      AS derived_inputs,
    coalesce(f.summary_row, false)               AS summary_row,   -- "Chỉ số cao nhất", "Tổng cộng" rows
    f.review_status,                                                -- accepted | corrected | NULL
    f.extracted_value                                               -- the value as read, before a correction
FROM (
    -- the facts asked for, then one row per indicator (a fact with none: one row, NULL)
    SELECT *, unnest(CASE WHEN len(indicators) = 0 OR indicators IS NULL THEN [NULL::VARCHAR]
                          ELSE indicators END) AS indicator_id
    FROM reviewed_facts
    WHERE ids IS NULL OR list_has_any(indicators, ids)
) AS f
JOIN documents AS d ON d.document_id = f.document_id AND d.status = 'ok'
JOIN report_files AS r ON r.document_id = f.document_id AND r.is_primary
LEFT JOIN indicators AS i ON i.indicator_id = f.indicator_id
LEFT JOIN periods AS p ON p.period_label = f.period_label
LEFT JOIN units AS un ON un.unit_id = f.entity_unit_id
WHERE ids IS NULL OR list_contains(ids, f.indicator_id)
UNION ALL
SELECT
    g.indicator_id, i.label_vi, g.entity, g.entity_unit_id, un.level, g.period_label,
    p.start_date, p.end_date, 'actual', NULL,
    g.value, i.unit, 'percent', g.value, NULL, '%',
    printf('%g/%g', g.numerator, g.denominator), NULL,
    d.file_name, r.source_files, r.report_key, d.doc_type, d.unit_name, d.issue_date,
    NULL, NULL, NULL, 'derived', NULL, NULL, NULL,
    g.formula,
    NULL, g.document_id, NULL, NULL,
    true, g.input_starts, false, NULL, NULL
FROM derived_facts AS g
JOIN documents AS d ON d.document_id = g.document_id AND d.status = 'ok'
JOIN report_files AS r ON r.document_id = g.document_id AND r.is_primary
LEFT JOIN indicators AS i ON i.indicator_id = g.indicator_id
LEFT JOIN periods AS p ON p.period_label = g.period_label
LEFT JOIN units AS un ON un.unit_id = g.entity_unit_id
WHERE (ids IS NULL OR list_contains(ids, g.indicator_id))
  AND NOT EXISTS (SELECT 1 FROM reviews AS rv
                  WHERE rv.sha256 = d.sha256 AND list_contains(g.input_starts, rv.char_start)
                    AND rv.status IN ('corrected', 'rejected'));

CREATE OR REPLACE VIEW indicator_facts AS
SELECT * FROM indicator_facts_of(CAST(NULL AS VARCHAR[]));
