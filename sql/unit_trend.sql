-- unit_trend: a unit's values of one indicator across periods, oldest first, with the change
-- from the period before. Built on unit_comparison (one actual value per unit and period).
-- Periods of different lengths (2023-H1, 2023) are both kept; period_start/period_end say which.
--
--   SELECT period_label, indicator_value, previous_period, change
--   FROM unit_trend
--   WHERE unit_name = 'thành phố Phan Rang-Tháp Chàm' AND indicator_id = 'sipas.rate';
CREATE OR REPLACE VIEW unit_trend AS
SELECT
    indicator_id, indicator_label, unit_name, unit_id, unit_level,
    period_label, period_start, period_end,
    indicator_value, indicator_unit,
    lag(period_label) OVER w                     AS previous_period,
    lag(indicator_value) OVER w                  AS previous_value,
    round(indicator_value - lag(indicator_value) OVER w, 4) AS change,
    source_file, page, sentence
FROM unit_comparison
WINDOW w AS (PARTITION BY indicator_id, coalesce(unit_id, unit_name) ORDER BY period_end, period_start);
