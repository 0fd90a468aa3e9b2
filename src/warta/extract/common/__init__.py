"""Pure helpers shared by the HTML engine and the text-dump reader.

Nothing here touches a DOM: every function takes strings and returns values, so that the
dump reader (plain text) and the HTML engine read dates, bylines, datelines and photo credits the
same way.
"""

from warta.extract.common.authors import clean_author, is_outlet_name, parse_byline, split_authors
from warta.extract.common.credits import split_caption_credit
from warta.extract.common.datelines import match_dateline
from warta.extract.common.dates import (
    WIB,
    WIT,
    WITA,
    date_from_url,
    find_date_in_text,
    parse_datetime,
)

__all__ = [
    "WIB",
    "WIT",
    "WITA",
    "clean_author",
    "date_from_url",
    "find_date_in_text",
    "is_outlet_name",
    "match_dateline",
    "parse_byline",
    "parse_datetime",
    "split_authors",
    "split_caption_credit",
]
