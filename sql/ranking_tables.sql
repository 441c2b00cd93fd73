-- ranking_tables: published ranking tables, one row per ranked unit: its rank, the score in the
-- same table row, and how many units the table ranks. A table the layout split in two (header
-- repeated over a page break) is one ranking: units are counted per document, indicator, period.
--
--   SELECT rank, unit_name, score, units_ranked, period_label
--   FROM ranking_tables WHERE source_file = '000_ec612a35660e329c.txt' ORDER BY rank;
CREATE OR REPLACE VIEW ranking_tables AS
SELECT
    r.source_file, r.source_files,
    r.indicator_id                      AS rank_indicator,
    s.indicator_id                      AS score_indicator,
    r.period_label,
    r.unit_name, r.unit_id, r.unit_level,
    r.value                             AS rank,
    s.value                             AS score,
    count(*) OVER (PARTITION BY r.document_id, r.indicator_id, r.period_label) AS units_ranked,
    r.page, r.table_index, r.table_row, r.document_id
FROM indicator_facts AS r
LEFT JOIN indicator_facts AS s
       ON s.document_id = r.document_id AND s.table_index = r.table_index AND s.table_row = r.table_row
      AND s.kind = 'score'
WHERE r.kind = 'rank' AND r.block_kind = 'table_cell';
