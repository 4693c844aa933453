"""docs/indicators.md is generated from the indicator registry and cannot drift from it."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from buurtkompas.atlas.indicators import INDICATORS
from buurtkompas.atlas.management.commands.indicators_doc import DOC_PATH, render


def test_it_keeps_the_committed_docs_equal_to_the_registry():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/indicators.md is out of date: run `buurtkompas indicators_doc`"
    )


def test_it_documents_every_indicator_with_its_labels_direction_weight_and_sources():
    with translation.override("nl"):
        text = render()  # in English whatever language is active
    for indicator in INDICATORS:
        assert f"| key | `{indicator.key}` |" in text
        assert f"| label (nl) | {indicator.label_nl} |" in text
        assert f"| label (en) | {indicator.label_en} |" in text
        with translation.override("en"):
            assert str(indicator.definition) in text
            assert str(indicator.weight_reason) in text
        section = text.split(f"| key | `{indicator.key}` |")[1].split("### ")[0]
        assert ("| counts students | yes" in section) == indicator.includes_students
        for source in indicator.sources:
            assert source in text


def test_it_explains_the_index_with_the_docstring_of_the_index_module():
    text = render()
    assert "weighted mean of its percentiles" in text
    assert "gets no index and no rank" in text
    assert "## Reliability: which areas are flagged" in text
    assert "never called the national figure" in text
    assert "A weight of 0 leaves an indicator out" in text


def test_it_writes_the_file_and_its_check_then_passes(tmp_path):
    target = tmp_path / "indicators.md"
    call_command("indicators_doc", "--path", str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == render()
    call_command("indicators_doc", "--check", "--path", str(target), stdout=io.StringIO())


def test_it_fails_the_check_when_the_file_was_edited_by_hand(tmp_path):
    target = tmp_path / "indicators.md"
    target.write_text(render().replace("| 3 |", "| 4 |", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("indicators_doc", "--check", "--path", str(target))
    assert "| 4 |" in target.read_text(encoding="utf-8")  # --check writes nothing


def test_it_fails_the_check_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="out of date"):
        call_command("indicators_doc", "--check", "--path", str(tmp_path / "absent.md"))
