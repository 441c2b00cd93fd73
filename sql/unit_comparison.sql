-- unit_comparison: one indicator compared across units for a period, with rank.
-- One row per (indicator, period, unit) from the actual values (targets, baselines and changes
-- are left out). When several sources give the unit a value, the most recent report's first
-- mention is shown, `sources` lists every file that gives the same value, and
-- `distinct_values` > 1 tells the analyst to look at quality_flags. Ranks follow the indicator's
-- direction (indicators.better: a rank of 1 is best for 'lower'); plain counts rank largest first.
-- A rate the report states is shown before one derived from its counts (`derived`); a table's
-- summary rows (highest, average, total) are not units and are left out. `document_id` is the
-- document the shown value comes from (the export names it by type, number and date).
-- Scores are compared on the indicator's 0–100 scale (indicator_facts.indicator_value): a
-- department's 82,78 of 89 (93.01) ranks above another's 83,39 of 97 (85.97), as the published
-- ranking does; `value` and `denominator` show the points as written.
--
--   SELECT unit_name, indicator_value, rank_in_period, units_in_period, sources
--   FROM unit_comparison
--   WHERE indicator_id = 'par_index.score' AND period_label = '2025' ORDER BY rank_in_period;
--
-- unit_comparison_of(ids): the same for some indicators only, read from indicator_facts_of(ids)
-- (the facts filtered before they are unnested); `cchc export --indicator` reads this.
CREATE OR REPLACE MACRO unit_comparison_of(ids) AS TABLE
WITH actual AS (
    SELECT *, coalesce(unit_id, unit_name) AS unit_key
    FROM indicator_facts_of(ids)
    WHERE indicator_id IS NOT NULL AND role = 'actual'
      AND NOT summary_row               -- a table's highest / average / total is no unit of its own
),
picked AS (
    SELECT *,
           row_number() OVER (PARTITION BY indicator_id, period_label, unit_key
                              ORDER BY derived, issue_date DESC NULLS LAST, source_file, char_start) AS pick
    FROM actual
),
summary AS (
    SELECT indicator_id, period_label, unit_key,
           count(DISTINCT indicator_value) AS distinct_values
    FROM actual GROUP BY ALL
),
sources AS (
    SELECT a.indicator_id, a.period_label, a.unit_key, a.indicator_value,
           string_agg(DISTINCT a.source_files, ', ' ORDER BY a.source_files) AS sources
    FROM actual AS a GROUP BY ALL
)
SELECT
    p.indicator_id, p.indicator_label, p.period_label, p.period_start, p.period_end,
    p.unit_name, p.unit_id, p.unit_level,
    p.indicator_value, p.indicator_unit, p.value, p.denominator,
    CASE WHEN i.better = 'lower'
         THEN rank() OVER (PARTITION BY p.indicator_id, p.period_label ORDER BY p.indicator_value ASC)
         ELSE rank() OVER (PARTITION BY p.indicator_id, p.period_label ORDER BY p.indicator_value DESC)
    END                                         AS rank_in_period,
    count(*) OVER (PARTITION BY p.indicator_id, p.period_label) AS units_in_period,
    s.distinct_values,
    p.source_file, p.page, p.sentence,
    CASE WHEN p.derived THEN 'suy ra: ' || src.sources ELSE src.sources END AS sources, p.derived,
    p.document_id                               -- the document the shown value comes from
FROM picked AS p
JOIN indicators AS i USING (indicator_id)
JOIN summary AS s USING (indicator_id, period_label, unit_key)
JOIN sources AS src USING (indicator_id, period_label, unit_key, indicator_value)
WHERE p.pick = 1;

CREATE OR REPLACE VIEW unit_comparison AS
SELECT * FROM unit_comparison_of(CAST(NULL AS VARCHAR[]));
