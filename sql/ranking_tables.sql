-- ranking_tables: published ranking tables, one row per ranked unit: its rank, the score in the
-- same table row (with the maximum the row states, "Điểm đạt được" 82,78 of "Điểm chuẩn tối đa"
-- 89,00), and how many units the table ranks. A table the layout split in two (header repeated
-- over a page break) is one ranking: units are counted per document, indicator, period and level
-- of unit (a decision ranking its departments and its communes holds two rankings). A row
-- that ranks several units side by side (a column group per province: "Lâm Đồng | Điểm số",
-- "Lâm Đồng | Thứ hạng") pairs each rank with the score of the same unit. Ranks "x/N" keep N in
-- `rank_of`; `score_index` is the score as a share of its maximum (82,78 of 89,00 -> 93.01,
-- the "Chỉ số chung" such tables rank by).
--
--   SELECT rank, unit_name, score, score_max, units_ranked, period_label
--   FROM ranking_tables WHERE source_file = '000_ec612a35660e329c.txt' ORDER BY rank;
CREATE OR REPLACE VIEW ranking_tables AS
WITH scores AS (
    SELECT document_id, table_index, table_row, unit_name, indicator_id, value, denominator,
           row_number() OVER (PARTITION BY document_id, table_index, table_row, unit_name
                              ORDER BY table_col, indicator_id) AS nth
    FROM indicator_facts
    WHERE kind = 'score' AND block_kind = 'table_cell'
)
SELECT
    r.source_file, r.source_files,
    r.indicator_id                      AS rank_indicator,
    s.indicator_id                      AS score_indicator,
    r.period_label,
    r.unit_name, r.unit_id, r.unit_level,
    CAST(r.value AS INTEGER)            AS rank,          -- a rank is a whole number (CSV: "1", not "1,0")
    s.value                             AS score,
    count(*) OVER (PARTITION BY r.document_id, r.indicator_id, r.period_label, r.unit_level) AS units_ranked,
    r.page, r.table_index, r.table_row, r.document_id,
    s.denominator                       AS score_max,
    CASE WHEN s.denominator > 0 THEN round(s.value / s.denominator * 100, 2) END AS score_index,
    r.denominator                       AS rank_of
FROM indicator_facts AS r
LEFT JOIN scores AS s
       ON s.document_id = r.document_id AND s.table_index = r.table_index AND s.table_row = r.table_row
      AND s.unit_name IS NOT DISTINCT FROM r.unit_name AND s.nth = 1
WHERE r.kind = 'rank' AND r.block_kind = 'table_cell';
