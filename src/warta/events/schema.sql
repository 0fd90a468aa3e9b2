-- Event tables of warta (stage "events"). Documented in docs/events.md.
-- Every statement is idempotent: applying it to an existing database is safe.

-- One row per event record coded in one article (warta.events.code_events output).
CREATE TABLE IF NOT EXISTS event_mentions (
    article_id        VARCHAR,
    idx               INTEGER,          -- order of the record in the article
    outlet            VARCHAR,
    event             VARCHAR,          -- PLOVER 2.0 type
    modes             VARCHAR[],
    context           VARCHAR[],        -- incl. auxiliary modes: future, hypothetical, historical
    actor_entity      VARCHAR,          -- entity id in the article's analysis
    actor_name        VARCHAR,
    actor_country     VARCHAR,          -- ISO 3166-1 alpha-3
    actor_sector      VARCHAR,
    actor_code        VARCHAR,          -- country, or IGO / NGO
    recipient_entity  VARCHAR,
    recipient_name    VARCHAR,
    recipient_country VARCHAR,
    recipient_sector  VARCHAR,
    recipient_code    VARCHAR,
    date              VARCHAR,          -- ISO 8601, as precise as date_precision says
    date_precision    VARCHAR,
    location_name     VARCHAR,
    location_country  VARCHAR,
    trigger           VARCHAR,
    sentence          VARCHAR,
    "start"           INTEGER,          -- trigger offsets into the article text
    "end"             INTEGER,
    confidence        DOUBLE,
    score             DOUBLE,           -- PLOVER conflict-cooperation score
    language          VARCHAR,
    record            JSON              -- the whole record, lossless
);

-- One row per real-world event: event_mentions merged across articles (warta.events.aggregate).
CREATE TABLE IF NOT EXISTS events (
    event_id          VARCHAR PRIMARY KEY,
    event             VARCHAR,
    modes             VARCHAR[],
    context           VARCHAR[],
    actor_name        VARCHAR,
    actor_country     VARCHAR,
    actor_sector      VARCHAR,
    actor_code        VARCHAR,
    recipient_name    VARCHAR,
    recipient_country VARCHAR,
    recipient_sector  VARCHAR,
    recipient_code    VARCHAR,
    date              VARCHAR,
    date_precision    VARCHAR,
    location_name     VARCHAR,
    location_country  VARCHAR,
    trigger           VARCHAR,
    sentence          VARCHAR,
    confidence        DOUBLE,
    score             DOUBLE,
    num_mentions      INTEGER,          -- GDELT NumMentions
    num_articles      INTEGER,          -- GDELT NumArticles
    num_sources       INTEGER,          -- GDELT NumSources (distinct outlets)
    record            JSON
);

-- Links from an aggregated event back to every article and sentence that reports it.
CREATE TABLE IF NOT EXISTS event_links (
    event_id   VARCHAR,
    article_id VARCHAR,
    outlet     VARCHAR,
    sentence   VARCHAR,
    trigger    VARCHAR,
    "start"    INTEGER,
    "end"      INTEGER
);
