-- Warehouse tables. Applied on every connection; every statement is idempotent.
-- documents: one row per source file path (the current state of that file).
CREATE SEQUENCE IF NOT EXISTS document_id_seq START 1;
CREATE TABLE IF NOT EXISTS documents (
    document_id      BIGINT PRIMARY KEY DEFAULT nextval('document_id_seq'),
    path             VARCHAR NOT NULL UNIQUE,   -- resolved path at ingest time
    file_name        VARCHAR NOT NULL,
    sha256           VARCHAR,                   -- of the bytes; NULL when the file could not be read
    format           VARCHAR,                   -- txt | md | docx | pdf | doc | odt | rtf
    size_bytes       BIGINT,
    pages            INTEGER,                   -- PDF pages; NULL for other formats
    status           VARCHAR NOT NULL,          -- ok | failed | missing (gone from a folder ingested again)
    error            VARCHAR,                   -- one-line reason when the last attempt failed
    pipeline_version VARCHAR,                   -- code + rules version that produced the facts
    n_facts          INTEGER,
    text             VARCHAR,                   -- NFC text that fact offsets point into
    ingested_at      TIMESTAMP NOT NULL
);

-- added after the first release: warnings about a readable but suspect file
ALTER TABLE documents ADD COLUMN IF NOT EXISTS warnings VARCHAR;
-- a scan read by OCR: each page's mean word confidence (0-100; NULL for a blank page). The
-- column is NULL for a file that was not OCR'd.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS ocr_page_confidence DOUBLE[];

-- facts: one row per measured number. Offsets are into documents.text.
CREATE SEQUENCE IF NOT EXISTS fact_id_seq START 1;
CREATE TABLE IF NOT EXISTS facts (
    fact_id       BIGINT PRIMARY KEY DEFAULT nextval('fact_id_seq'),
    document_id   BIGINT NOT NULL,
    kind          VARCHAR NOT NULL,             -- count | percent | ratio | money | score | rank
    value         DOUBLE NOT NULL,              -- money in VND; for x/y forms, x
    denominator   DOUBLE,                       -- y of x/y forms
    unit          VARCHAR NOT NULL,             -- counted noun, '%', 'VND', 'điểm', ''
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    matched_text  VARCHAR NOT NULL,
    sentence      VARCHAR,
    block_kind    VARCHAR NOT NULL,             -- heading | paragraph | table_cell | footnote
    page          INTEGER,
    table_index   INTEGER,
    table_row     INTEGER,
    table_col     INTEGER
);

-- document_paths: the other paths of a document, where a copy of its file lies under another name
-- ("Báo cáo 329 (1).pdf" beside "Báo cáo 329.pdf"): one document, its facts counted once. A copy
-- that changes becomes a document of its own; when the document's own path goes, a copy's
-- path becomes its path.
CREATE TABLE IF NOT EXISTS document_paths (
    path        VARCHAR PRIMARY KEY,
    document_id BIGINT NOT NULL,
    added_at    TIMESTAMP NOT NULL
);

-- ingest_log: every attempt, including failures of files whose earlier facts were kept.
CREATE TABLE IF NOT EXISTS ingest_log (
    run_at     TIMESTAMP NOT NULL,
    path       VARCHAR NOT NULL,
    outcome    VARCHAR NOT NULL,               -- loaded | unchanged | failed
    detail     VARCHAR
);

-- Context (who, when, as what). Added with ALTER so existing warehouses gain the columns.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS doc_type VARCHAR;          -- báo cáo, kế hoạch, ...
ALTER TABLE documents ADD COLUMN IF NOT EXISTS title VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS doc_number VARCHAR;        -- '' when left blank in a draft
ALTER TABLE documents ADD COLUMN IF NOT EXISTS doc_symbol VARCHAR;        -- BC-UBND
ALTER TABLE documents ADD COLUMN IF NOT EXISTS place VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS issue_date DATE;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS issue_year INTEGER;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS issuer VARCHAR;            -- UBND thị xã An Nhơn, Ban Thường vụ Thành ủy
ALTER TABLE documents ADD COLUMN IF NOT EXISTS unit_id VARCHAR;           -- units.unit_id of the reporting unit
ALTER TABLE documents ADD COLUMN IF NOT EXISTS unit_name VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS unit_level VARCHAR;        -- province | district | commune
ALTER TABLE documents ADD COLUMN IF NOT EXISTS province VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS period_label VARCHAR;      -- 2025-Q1, 2023-H1, 2022-2023
ALTER TABLE documents ADD COLUMN IF NOT EXISTS window_start DATE;         -- data window "từ ngày ... đến ngày ..."
ALTER TABLE documents ADD COLUMN IF NOT EXISTS window_end DATE;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS as_of VARCHAR;             -- as-of dates, ISO, comma-separated
ALTER TABLE documents ADD COLUMN IF NOT EXISTS signer VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS signer_position VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS recipients VARCHAR[];

-- which report the file holds (normalizers/identity.py): copies and renderings share it
ALTER TABLE documents ADD COLUMN IF NOT EXISTS report_key VARCHAR;        -- no:… | title:… | facts:… | sha:…

ALTER TABLE facts ADD COLUMN IF NOT EXISTS entity VARCHAR;                -- xã Nhơn Lộc, cấp xã, phòng Quản lý đô thị
ALTER TABLE facts ADD COLUMN IF NOT EXISTS entity_unit_id VARCHAR;        -- units.unit_id when the entity is a unit
ALTER TABLE facts ADD COLUMN IF NOT EXISTS period_label VARCHAR;
ALTER TABLE facts ADD COLUMN IF NOT EXISTS role VARCHAR;                  -- actual | target | baseline | change
ALTER TABLE facts ADD COLUMN IF NOT EXISTS comparator VARCHAR;            -- for targets: >= > = <= <

-- periods: every label used by a document or a fact, with its dates.
CREATE TABLE IF NOT EXISTS periods (
    period_label VARCHAR PRIMARY KEY,
    start_date   DATE NOT NULL,
    end_date     DATE NOT NULL
);

-- units: the gazetteer (both eras), loaded once; successor_id links an old commune to the
-- post-July-2025 commune it became part of.
CREATE TABLE IF NOT EXISTS units (
    unit_id      VARCHAR PRIMARY KEY,
    era          VARCHAR NOT NULL,             -- 2008 (until 30/6/2025) | 2025
    level        VARCHAR NOT NULL,             -- province | district | commune
    type         VARCHAR NOT NULL,             -- tỉnh, thành phố, huyện, thị xã, xã, phường, ...
    name         VARCHAR NOT NULL,
    parent_id    VARCHAR,
    province_id  VARCHAR,
    successor_id VARCHAR
);

-- What each fact measures (normalizers/indicators.py). A fact can measure two indicators
-- ("Chỉ số PAR INDEX, ICT INDEX xếp thứ 1/7"); an empty list means none of the catalog fits.
ALTER TABLE facts ADD COLUMN IF NOT EXISTS indicators VARCHAR[];
ALTER TABLE facts ADD COLUMN IF NOT EXISTS indicator_cue VARCHAR;        -- the words that decided it
ALTER TABLE facts ADD COLUMN IF NOT EXISTS restates_start INTEGER;       -- "(đạt 15,5%)" -> start of its 5.090/5.370
ALTER TABLE facts ADD COLUMN IF NOT EXISTS part_of_start INTEGER;        -- a part -> start of its total

-- indicators: the catalog (normalizers/data/vi/indicators.csv + .toml), refreshed on every open.
CREATE TABLE IF NOT EXISTS indicators (
    indicator_id VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,             -- count | percent | ratio | money | score | rank
    unit         VARCHAR NOT NULL,
    label_vi     VARCHAR NOT NULL,
    meaning      VARCHAR,
    max_value    DOUBLE,                       -- 100 for a share; NULL when unbounded
    better       VARCHAR                       -- higher | lower | NULL (plain counts)
);
-- the indicator's meaning in Vietnamese (normalizers/data/vi/indicators_vi.csv), for the exports'
-- catalog sheet, and the unit exports show a money value in ('tỷ đồng'; NULL: as stored)
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS meaning_vi VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS display_unit VARCHAR;

-- checks: contradictions found inside one document (normalizers/checks.py), kept with both
-- numbers and both places. Replaced together with the document's facts.
CREATE TABLE IF NOT EXISTS checks (
    document_id  BIGINT NOT NULL,
    check_name   VARCHAR NOT NULL,             -- restated_percent | parts_vs_total | percent_over_max | ...
    severity     VARCHAR NOT NULL,             -- error | warning
    char_start   INTEGER NOT NULL,             -- the flagged fact
    char_end     INTEGER NOT NULL,
    value        DOUBLE,
    matched_text VARCHAR,
    other_start  INTEGER,                      -- the number(s) it disagrees with
    other_end    INTEGER,
    other_value  DOUBLE,
    other_text   VARCHAR,
    expected     DOUBLE,
    message      VARCHAR
);

-- derived_facts: rates a report implies from its counts but does not state (normalizers/derived.py,
-- data/vi/derived.toml), e.g. the on-time rate from early + on-time over resolved. They have no span
-- in the text (fact_spans does not contain them); input_starts names the facts they come from.
-- Replaced with their document's facts.
CREATE TABLE IF NOT EXISTS derived_facts (
    document_id    BIGINT NOT NULL,
    indicator_id   VARCHAR NOT NULL,
    value          DOUBLE NOT NULL,             -- percent
    numerator      DOUBLE NOT NULL,
    denominator    DOUBLE NOT NULL,
    input_starts   INTEGER[] NOT NULL,          -- facts.char_start of every input in the same document
    formula        VARCHAR NOT NULL,
    entity         VARCHAR,
    entity_unit_id VARCHAR,
    period_label   VARCHAR
);

-- a fact of a table's summary row ("Tổng cộng", "Chỉ số cao nhất / trung bình"): a statistic of
-- the units the table lists, left out of comparisons between units
ALTER TABLE facts ADD COLUMN IF NOT EXISTS summary_row BOOLEAN;

-- warehouse_meta: what this warehouse was built with ('views': a hash of these SQL files), so
-- that a reader (cchc export) opens it read-only when its views are current.
CREATE TABLE IF NOT EXISTS warehouse_meta (key VARCHAR PRIMARY KEY, value VARCHAR);

-- reviews: an analyst's verdict on a fact (`cchc review`, warehouse/reviews.py): accepted,
-- corrected (the fields given replace the extracted ones; NULL = unchanged) or rejected (not a
-- fact). Keyed by the file's content and the fact's span, never by fact_id: a re-ingest deletes
-- and re-inserts a document's facts with new ids, and the views (sql/reviewed_facts.sql) join
-- on (sha256, char_start, char_end), so a verdict holds for every re-reading of the same bytes.
-- The original_* columns keep the fact as it was extracted when it was reviewed.
CREATE TABLE IF NOT EXISTS reviews (
    sha256                 VARCHAR NOT NULL,    -- documents.sha256 of the file reviewed
    char_start             INTEGER NOT NULL,    -- the fact's span in documents.text
    char_end               INTEGER NOT NULL,
    status                 VARCHAR NOT NULL,    -- accepted | corrected | rejected
    kind                   VARCHAR,             -- corrected fields (NULL: as extracted)
    value                  DOUBLE,
    entity                 VARCHAR,
    entity_unit_id         VARCHAR,             -- units.unit_id when the corrected entity names a known unit
    period_label           VARCHAR,
    indicators             VARCHAR[],
    original_kind          VARCHAR,             -- the fact as extracted, for history
    original_value         DOUBLE,
    original_entity        VARCHAR,
    original_period_label  VARCHAR,
    original_indicators    VARCHAR[],
    matched_text           VARCHAR,             -- the number as written, to read the history without the text
    reviewer               VARCHAR NOT NULL,    -- OS user name of the analyst
    reviewed_at            TIMESTAMP NOT NULL,  -- UTC
    PRIMARY KEY (sha256, char_start, char_end)
);
