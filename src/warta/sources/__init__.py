"""Stage 1: where pages come from (files, WARC, JSONL, feeds, sitemaps, the crawler)."""
