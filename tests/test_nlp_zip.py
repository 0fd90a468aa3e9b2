"""The NER and POS models load from a zipped copy of the package (Spark ``--py-files``, zipapps)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import warta

PROBE = """
import sys, warta
from warta.nlp import ner, ner_pos
assert warta.__file__.startswith(sys.argv[1]), warta.__file__
words = "Presiden Joko Widodo bertemu Menteri Luar Negeri Retno Marsudi di Jakarta .".split()
tags = ner.tag(words)
print(" ".join(tags))
print(ner.spans(tags))
print(" ".join(ner_pos.pos_tags(words)))
"""


def test_tagger_loads_from_zipped_package(tmp_path: Path) -> None:
    src = Path(warta.__file__).parent
    archive = tmp_path / "warta.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(src.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, Path("warta") / path.relative_to(src))
    assert "warta/models/ner_crf.crfsuite" in zipfile.ZipFile(archive).namelist()
    env = {**os.environ, "PYTHONPATH": str(archive)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(archive)],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False,
    )
    assert out.returncode == 0, out.stderr
    tags_line, spans_line, pos_line = out.stdout.splitlines()[-3:]
    tags = tags_line.split()
    # the model really ran (all-"O" would mean it was not found in the zip)
    assert tags[1:3] == ["B-PERSON", "I-PERSON"], tags
    assert tags[-2] == "B-LOCATION", tags
    assert "PERSON" in spans_line
    assert pos_line.split()[1:3] == ["NNP", "NNP"]  # the POS model loaded from the zip too
