-- targets_vs_actuals: every target a plan (or report) sets, next to the actual value that
-- reports give for the same unit, indicator and year — the latest period of that year when
-- there are several (a 2025 target against 2025-Q1 and 2025-H1 results: the 2025-H1 one).
-- The actual columns are empty where no report gives one (or the target fits no indicator).
-- `met` follows the target's comparator (>=, >, =, <=, <); "=" reads as "at least".
--
--   SELECT indicator_label, comparator, target_value, actual_value, actual_period, met
--   FROM targets_vs_actuals WHERE unit_name = 'xã Nhơn Hậu' AND year = 2025;
--
-- targets_vs_actuals_of(ids): the same for some indicators only (read from indicator_facts_of and
-- unit_comparison_of, filtered before the unnest); `cchc export` colours values below target with it.
CREATE OR REPLACE MACRO targets_vs_actuals_of(ids) AS TABLE
WITH targets AS (
    SELECT *, coalesce(unit_id, unit_name) AS unit_key, year(period_end) AS year
    FROM indicator_facts_of(ids) WHERE role = 'target'
),
actuals AS (
    SELECT *, coalesce(unit_id, unit_name) AS unit_key, year(period_end) AS year,
           row_number() OVER (PARTITION BY indicator_id, coalesce(unit_id, unit_name), year(period_end)
                              ORDER BY period_end DESC, period_start) AS latest
    FROM unit_comparison_of(ids)
)
SELECT
    t.source_file                        AS plan_file,
    t.unit_name, t.unit_id, t.year,
    t.indicator_id, t.indicator_label,
    t.comparator,
    t.indicator_value                    AS target_value,
    t.indicator_unit,
    t.matched_text                       AS target_text,
    t.sentence                           AS target_sentence,
    t.page                               AS target_page,
    a.indicator_value                    AS actual_value,
    a.period_label                       AS actual_period,
    a.sources                            AS actual_sources,
    a.sentence                           AS actual_sentence,
    CASE WHEN a.indicator_value IS NULL THEN NULL
         WHEN t.comparator = '>'  THEN a.indicator_value >  t.indicator_value
         WHEN t.comparator = '<'  THEN a.indicator_value <  t.indicator_value
         WHEN t.comparator = '<=' THEN a.indicator_value <= t.indicator_value
         ELSE a.indicator_value >= t.indicator_value
    END                                  AS met,
    t.char_start, t.document_id
FROM targets AS t
LEFT JOIN actuals AS a
       ON a.indicator_id = t.indicator_id AND a.unit_key = t.unit_key AND a.year = t.year AND a.latest = 1;

CREATE OR REPLACE VIEW targets_vs_actuals AS
SELECT * FROM targets_vs_actuals_of(CAST(NULL AS VARCHAR[]));
