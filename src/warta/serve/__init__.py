"""Stage 6: the explorer, an HTTP API and web interface over a warta database.

    from warta.serve import create_app
    app = create_app("news.duckdb")      # builds/refreshes news.duckdb.index/, then serves it

``warta serve --db news.duckdb`` runs it. See ``docs/explorer.md``.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    from warta.serve.app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
