-- Warehouse tables. Applied on every connection; every statement is idempotent.
-- documents: one row per source file path (the current state of that file).
CREATE SEQUENCE IF NOT EXISTS document_id_seq START 1;
CREATE TABLE IF NOT EXISTS documents (
    document_id      BIGINT PRIMARY KEY DEFAULT nextval('document_id_seq'),
    path             VARCHAR NOT NULL UNIQUE,   -- resolved path at ingest time
    file_name        VARCHAR NOT NULL,
    sha256           VARCHAR,                   -- of the bytes; NULL when the file could not be read
    format           VARCHAR,                   -- txt | docx | pdf
    size_bytes       BIGINT,
    pages            INTEGER,                   -- PDF pages; NULL for other formats
    status           VARCHAR NOT NULL,          -- ok | failed
    error            VARCHAR,                   -- one-line reason when the last attempt failed
    pipeline_version VARCHAR,                   -- code + rules version that produced the facts
    n_facts          INTEGER,
    text             VARCHAR,                   -- NFC text that fact offsets point into
    ingested_at      TIMESTAMP NOT NULL
);

-- added after the first release: warnings about a readable but suspect file
ALTER TABLE documents ADD COLUMN IF NOT EXISTS warnings VARCHAR;

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

-- ingest_log: every attempt, including failures of files whose earlier facts were kept.
CREATE TABLE IF NOT EXISTS ingest_log (
    run_at     TIMESTAMP NOT NULL,
    path       VARCHAR NOT NULL,
    outcome    VARCHAR NOT NULL,               -- loaded | unchanged | failed
    detail     VARCHAR
);
