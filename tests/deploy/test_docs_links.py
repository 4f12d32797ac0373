"""Every relative link in the Markdown documents resolves: the file exists, and its anchor is a heading there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([*(ROOT / "docs").glob("*.md"), ROOT / "deploy" / "README.md"])
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    return re.sub(r"\s", "-", re.sub(r"[^\w\- ]", "", text))


def anchors_of(path: Path) -> set[str]:
    return {anchor(heading) for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8")))}


def links_of(path: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", path.read_text(encoding="utf-8")))


def test_the_documents_exist() -> None:
    names = {path.name for path in DOCUMENTS}
    assert {"operator-guide.md", "data-engineer-guide.md", "analyst-guide.md",
            "standard-operating-procedures.md", "launch-checklist.md"} <= names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(document: Path) -> None:
    broken = []
    for link in links_of(document):
        if re.match(r"^[a-z]+:", link):
            continue  # http:, https:, mailto: are not checked here
        target, _, fragment = link.partition("#")
        path = (document.parent / target).resolve() if target else document
        if not path.exists():
            broken.append(f"{link}: {path} does not exist")
        elif fragment and (path.suffix != ".md" or fragment not in anchors_of(path)):
            broken.append(f"{link}: no heading #{fragment} in {path.name}")
    assert not broken, "\n".join(broken)


def test_the_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Title\n\n[ok](#title) [gone](b.md) [bad](#nowhere)\n")
    links = links_of(tmp_path / "a.md")
    assert links == ["#title", "b.md", "#nowhere"]
    assert anchors_of(tmp_path / "a.md") == {"title"}
    assert anchor("The run queue") == "the-run-queue" and anchor("A custom-field change") == "a-custom-field-change"
