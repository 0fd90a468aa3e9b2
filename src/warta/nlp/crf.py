"""Loading a packaged crfsuite model (the NER and the POS taggers)."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from typing import Any

_model_bytes: list[bytes] = []  # crfsuite reads a model in place: the buffers must outlive the taggers


def load_tagger(model: Traversable) -> Any | None:
    """A crfsuite tagger over the model's bytes, or None when the model is missing.

    The bytes are read through ``importlib.resources``, so the model loads the same way from a
    wheel install, a source tree or a zip on ``sys.path`` (Spark ``--py-files``), where no file
    path exists to hand to crfsuite; no temporary file is written.
    """
    import pycrfsuite

    try:
        data = model.read_bytes()
    except (FileNotFoundError, NotADirectoryError, KeyError):
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(data)
    _model_bytes.append(data)
    return tagger
