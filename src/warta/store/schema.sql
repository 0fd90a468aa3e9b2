-- warta's DuckDB schema (version 1). Documented in docs/store.md.
-- Every statement is idempotent so that opening a database applies it safely.

CREATE TABLE IF NOT EXISTS articles (
    id                   VARCHAR PRIMARY KEY,  -- stable: hash of canonical URL, else of the text
    url                  VARCHAR,
    outlet_name          VARCHAR,
    outlet_domain        VARCHAR,
    language             VARCHAR,
    title                VARCHAR,
    subtitle             VARCHAR,
    key_points           VARCHAR[],
    authors              JSON,                 -- [{name, role}]
    editors              JSON,
    published            TIMESTAMPTZ,
    modified             TIMESTAMPTZ,
    dateline_place       VARCHAR,
    dateline_outlet      VARCHAR,
    category             VARCHAR,
    tags                 VARCHAR[],
    notes                VARCHAR[],
    is_article           BOOLEAN,
    text                 VARCHAR,
    source               VARCHAR,
    input_kind           VARCHAR,
    extractor_version    VARCHAR,
    key_points_generated BOOLEAN,
    schema_version       VARCHAR,
    article_json         JSON,                 -- the whole Article, for lossless show/export
    ingested_at          TIMESTAMPTZ,
    text_hash            VARCHAR,              -- SHA-256 of the normalised text (exact duplicates)
    cluster_id           VARCHAR,              -- near-duplicate cluster: id of its first member
    is_origin            BOOLEAN               -- the earliest copy in its cluster
);

CREATE TABLE IF NOT EXISTS sections (
    article_id VARCHAR, idx INTEGER, heading VARCHAR, number INTEGER, paragraphs VARCHAR[]
);
CREATE TABLE IF NOT EXISTS images (
    article_id VARCHAR, idx INTEGER, url VARCHAR, caption VARCHAR, credit VARCHAR, is_cover BOOLEAN,
    section INTEGER
);
CREATE TABLE IF NOT EXISTS related (
    article_id VARCHAR, idx INTEGER, title VARCHAR, url VARCHAR, kind VARCHAR
);

-- What warta.analyze() found in each article (filled by ingest --analyze).
CREATE TABLE IF NOT EXISTS doc_entities (
    article_id VARCHAR, entity_id VARCHAR, name VARCHAR, type VARCHAR, aliases VARCHAR[], roles JSON,
    country VARCHAR, code VARCHAR
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, entity_id VARCHAR
);
CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR, idx INTEGER, text VARCHAR, "start" INTEGER, "end" INTEGER, direct BOOLEAN,
    cue VARCHAR, speaker_entity VARCHAR, speaker_name VARCHAR, source VARCHAR
);
CREATE TABLE IF NOT EXISTS dates (
    article_id VARCHAR, text VARCHAR, "start" INTEGER, "end" INTEGER, value VARCHAR, precision VARCHAR
);

-- One row per input record: what happened to it. Reruns skip what is stored.
CREATE TABLE IF NOT EXISTS ingest_log (
    source     VARCHAR PRIMARY KEY,
    status     VARCHAR,   -- stored | duplicate | skipped | error
    article_id VARCHAR,
    reason     VARCHAR,
    logged_at  TIMESTAMPTZ
);

-- Corpus-level entities, rebuilt from doc_entities after an ingest with --analyze
-- (warta.store.corpus.refresh_entities): one row per real-world entity across articles.
CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR PRIMARY KEY, type VARCHAR, name VARCHAR, name_key VARCHAR, aliases VARCHAR[],
    country VARCHAR, code VARCHAR, mention_count BIGINT, article_count BIGINT,
    first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ
);
-- Roles over time: each role an entity was given, with the article and its date.
CREATE TABLE IF NOT EXISTS entity_roles (
    entity_id VARCHAR, title VARCHAR, country VARCHAR, article_id VARCHAR, seen TIMESTAMPTZ
);
-- Which corpus entity each article's local entity (E1, E2, ...) is.
CREATE TABLE IF NOT EXISTS article_entities (
    article_id VARCHAR, local_id VARCHAR, entity_id VARCHAR
);
