"""OmegaT (Debian omegat 3.6, console mode) as an independent judge of the TMX that tm writes.

A throw-away OmegaT project gets a TMX from ``write_tmx`` in ``tm/auto/`` and English
plain-text files in ``source/`` (OmegaT's TextFilter: *.txt read as UTF-8; a paragraph
runs up to an empty line, so consecutive lines are one paragraph).
``omegat --mode=console-translate`` fills every segment that has a 100% match in
``tm/auto`` and writes ``target/``; the Polish there must be exactly our targets.

A Groovy script passed with ``--script`` (OmegaT runs it after compiling) dumps the
memory entries OmegaT loaded, to show how it read our inline elements.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tm.formats.tmx import write_tmx
from tm.inline import Text, tags, tokenize
from tm.model import TranslationUnit

pytestmark = pytest.mark.omegat

from omegat_project import console_translate, project_file, require_omegat  # noqa: E402

OMEGAT = require_omegat()


# Runs after compiling: writes the entries OmegaT loaded from tm/auto, tab-separated.
DUMP_SCRIPT = """
import org.omegat.core.Core
if (eventType.toString() != "COMPILE") return "skip"
def sb = new StringBuilder()
Core.getProject().getTransMemories().each { name, tmx ->
    tmx.getEntries().each { e ->
        sb.append(new File(name).name).append("\\t").append(e.source).append("\\t").append(e.translation).append("\\n")
    }
}
new File(System.getenv("TM_OMEGAT_DUMP")).setText(sb.toString(), "UTF-8")
return "dumped"
"""

# Real sentence pairs of the shipped corpus (corpora/account-executive, gold alignment),
# used when the session fixture seed_units (the aligner's output) is not available.
LOCAL_PAIRS = [
    ("Account Executive", "Kierownik konta"),
    ("What Is an Account Executive?", "Kim jest Account Executive?"),
    (
        "An account executive is an employee who has primary responsibility for the ongoing business "
        "relationship with a client on a day-to-day basis.",
        "Account Executive to pracownik, który na co dzień ponosi główną odpowiedzialność za bieżące "
        "relacje biznesowe z klientem.",
    ),
    (
        "The job title of account executive is most common in the advertising and public relations "
        "industries and in financial services.",
        "Tytuł zawodowy menedżera konta jest najczęściej spotykany w branży reklamowej i public relations "
        "oraz w usługach finansowych.",
    ),
    ("Understanding the Account Executive", "Zrozumienie Account Executive"),
    ("Regulations Apply", "Obowiązują przepisy"),
    ("These skills include:", "Umiejętności te obejmują:"),
]
LOCAL_UNITS = [
    TranslationUnit(source=en, target=pl, src_lang="en", tgt_lang="pl", context=f"en.md#{i}")
    for i, (en, pl) in enumerate(LOCAL_PAIRS)
]
MARKUP_UNIT = TranslationUnit(
    source="In finance, these include Rule 3220 ( [FINRA ), which applies to](/finra) "
    "[broker-dealers](/broker-dealer), with **bold**, `code` and <b>html</b>.",
    target="W świecie finansów należy do nich Zasadę 3220 ( [FINRA ), która ma zastosowanie do](/finra) "
    "[brokerów-dealerów](/broker-dealer), z **pogrubieniem**, `code` i <b>html</b>.",
    src_lang="en",
    tgt_lang="pl",
    context="en.md#22",
)


@pytest.fixture(scope="module")
def units(request):
    """The lead's seed_units (aligned from the shipped corpus) if conftest provides them."""
    try:
        return list(request.getfixturevalue("seed_units"))
    except pytest.FixtureLookupError:
        return LOCAL_UNITS


def plain_line_units(units):
    """Units OmegaT can show as one whole paragraph of a .txt file, one target per source."""
    targets: dict[str, set[str]] = {}
    for u in units:
        targets.setdefault(u.source, set()).add(u.target)
    chosen, seen = [], set()
    for u in units:
        s = u.source
        if (
            s
            and s == s.strip()
            and u.target
            and len(targets[s]) == 1
            and not any(c in s + u.target for c in "\n\r\t\f\v\x85\u2028\u2029")
            and not tags(s)
            and s not in seen
        ):
            chosen.append(u)
            seen.add(s)
    return chosen


def run_omegat(root: Path, *, tmx: dict[str, tuple[list[TranslationUnit], bool]], sources: dict[str, str],
               sentence_seg: bool) -> dict:
    """Build a project under ``root``, run console-translate, return targets, dump and timing."""
    assert not any(c.isspace() for c in str(root)), "the omegat wrapper passes arguments unquoted"
    project = root / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(
        project_file(sentence_seg), encoding="utf-8"
    )
    for name, (tmx_units, inline_elements) in tmx.items():
        write_tmx(tmx_units, project / "tm" / "auto" / name, src_lang="en", inline_elements=inline_elements)
    for name, text in sources.items():
        (project / "source" / name).write_text(text, encoding="utf-8")
    start = time.monotonic()
    run, log, dump = console_translate(project, root, DUMP_SCRIPT)
    elapsed = time.monotonic() - start
    assert run.returncode == 0, log[-3000:]
    assert "Finished" in run.stdout, log[-3000:]
    for name in tmx:
        assert f"Reading TMX file {project / 'tm' / 'auto' / name}" in log, log[-3000:]
    targets = {name: (project / "target" / name).read_text(encoding="utf-8") for name in sources}
    entries = [line.split("\t") for line in dump.read_text(encoding="utf-8").splitlines()] if dump.exists() else []
    return {"targets": targets, "entries": entries, "elapsed": elapsed, "log": log}


@pytest.fixture(scope="module")
def line_project(tmp_path_factory, units):
    """One run without sentence segmentation: each paragraph of a .txt is one segment."""
    plain = plain_line_units(units)
    assert len(plain) >= 5, "too few units to test with"
    # OmegaT's TextFilter makes one paragraph of lines up to an empty line: blank lines between.
    seed_text = "".join(u.source + "\n\n" for u in plain) + "Nothing in the memory matches this line.\n"
    markup_text = MARKUP_UNIT.source + "\n"
    result = run_omegat(
        tmp_path_factory.mktemp("omegat-lines"),
        tmx={
            "seed.tmx": (units + [MARKUP_UNIT], True),  # level 2: markup as bpt/ept/ph
            "markup-level1.tmx": ([MARKUP_UNIT], False),  # level 1: markup as text
        },
        sources={"seed.txt": seed_text, "markup.txt": markup_text},
        sentence_seg=False,
    )
    result["plain"] = plain
    return result


def test_every_exact_match_comes_out_in_polish(line_project):
    plain = line_project["plain"]
    paragraphs = line_project["targets"]["seed.txt"].split("\n\n")
    assert paragraphs[: len(plain)] == [u.target for u in plain]
    assert paragraphs[len(plain)] == "Nothing in the memory matches this line.\n"  # no match: left as is
    assert line_project["elapsed"] < 120


def test_omegat_loads_every_unit_and_reads_inline_elements_as_tags(line_project, units):
    """OmegaT reads our bpt/ept/ph as tags: its entry is the text without the native code."""
    seed = [(src, tgt) for name, src, tgt in line_project["entries"] if name == "seed.tmx"]
    assert len(seed) == len(units) + 1

    def visible(s):
        return "".join(t.text for t in tokenize(s) if isinstance(t, Text))

    expected = [(visible(u.source), visible(u.target)) for u in units + [MARKUP_UNIT]]
    assert seed == expected
    assert (
        "In finance, these include Rule 3220 ( FINRA ), which applies to broker-dealers, with bold,  and html."
        in dict(seed)
    )


def test_markdown_in_plain_text_matches_a_level1_tmx(line_project):
    assert line_project["targets"]["markup.txt"] == MARKUP_UNIT.target + "\n"


def test_omegat_sentence_segmentation_matches_the_tmx_segments(tmp_path):
    """With sentence segmentation on, OmegaT splits paragraphs into the sentences of our units."""
    u = LOCAL_UNITS
    paragraphs = [[u[0]], [u[1], u[2], u[3]], [u[4]], [u[5]], [u[6]]]
    source = "\n\n".join(" ".join(x.source for x in p) for p in paragraphs) + "\n"
    result = run_omegat(
        tmp_path, tmx={"seed.tmx": (u, True)}, sources={"article.txt": source}, sentence_seg=True
    )
    expected = "\n\n".join(" ".join(x.target for x in p) for p in paragraphs) + "\n"
    assert result["targets"]["article.txt"] == expected
    assert result["elapsed"] < 120
