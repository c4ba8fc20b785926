"""Every command at 80 columns (COLUMNS=80): nothing wider than the terminal, nothing cut
short with "…", and the columns people read (the preferred rendering, the file a pair came
from, scores, counts) present. Tables fold long cells onto more lines instead.

The documents are copied into a working directory and named relatively ("en.md"), as a user
would type them, so the file names in the output are the ones stored.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT, SEED_EN, SEED_PL
from rich.cells import cell_len
from typer.testing import CliRunner

from tm.cli import app

runner = CliRunner()
TABLE_CHARS = "│┃┏┗┡└━─"
GLOSSARY = ROOT / "glossaries" / "en-pl.tsv"


def tm80(*args, cut_ok=False):
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "80"}, prog_name="tm")
    assert result.exit_code in (0, 1), (result.exit_code, result.output)  # 1: tm check found something
    for line in result.stdout.splitlines():  # tables and help; a plain message naming a path may be longer
        if "--help" in args or any(c in line for c in TABLE_CHARS):
            assert cell_len(line) <= 80, line
    assert cut_ok or "…" not in result.stdout
    return result.stdout


def words(text: str) -> list[str]:
    return text.split()


def assert_words(out: str, phrase: str) -> None:
    """Every word of ``phrase`` whole in the output (a folded cell keeps its words)."""
    tokens = set(out.replace("│", " ").replace("(", " ").replace(")", " ").replace(",", " ").replace(";", " ").split())
    missing = [w for w in words(phrase) if w not in tokens]
    assert not missing, (phrase, missing, out)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """A working directory with en.md, pl.md and a memory aligned from them, with a term base."""
    d = tmp_path_factory.mktemp("columns")
    shutil.copy(SEED_EN, d / "en.md")
    shutil.copy(SEED_PL, d / "pl.md")
    return d


@pytest.fixture(scope="module")
def aligned(work):
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        out = tm80("align", "en.md", "pl.md", "--db", "tm.db")
        tm80("terms", "build", "--db", "tm.db", "--glossary", GLOSSARY)
    return out


@pytest.fixture
def here(work, aligned, monkeypatch):
    monkeypatch.chdir(work)
    return work


def test_align_table(aligned):
    header = next(line for line in aligned.splitlines() if "conf" in line)
    assert all(h in header for h in ("where", "conf", "source", "target"))
    assert "en.md (en) → pl.md (pl)" in aligned
    # where a bead starts, path:line in both files, one above the other
    rows = aligned.splitlines()
    first = next(i for i, line in enumerate(rows) if "Account Executive" in line)
    assert re.match(r"│ en\.md:3 +│", rows[first]) and re.match(r"│ pl\.md:3 +│", rows[first + 1])
    assert_words(aligned, "Account Executive Kierownik konta")


def test_stats_table(here):
    out = tm80("stats", "--db", "tm.db")
    assert "tm memory tm.db" in out and "pairs en→pl" in out and "align: en.md" in out


def test_lookup_table(here):
    out = tm80("lookup", "Account Executive", "--db", "tm.db")
    assert all(h in out for h in ("score", "source", "target", "from"))
    assert "100" in out and "en.md:3" in out  # the title, on line 3 of en.md (its front matter)
    assert_words(out, "Kierownik konta")


def test_terms_list_table(here):
    out = tm80("terms", "list", "--db", "tm.db", "--limit", "20")
    assert all(h in out for h in ("source", "target", "renderings", "conf", "origin"))
    assert_words(out, "account executive kierownik konta preferred")


def test_terms_suggest_table(here):
    out = tm80("terms", "suggest", "Our account executives earn a base salary.", "--db", "tm.db")
    assert all(h in out for h in ("found", "preferred", "admitted", "forbidden"))
    assert_words(out, "account executives kierownik konta wynagrodzenie podstawowe")
    # the example pair and where it is in the aligned file
    assert re.search(r"^example, .* \(en\.md:\d+\)$", out, re.MULTILINE), out


def test_check_table(here):
    # tm check's report (tm.check.report) quotes segments as excerpts with "…" on purpose.
    out = tm80("check", "--db", "tm.db", "--glossary", GLOSSARY, "--fail-on", "never", cut_ok=True)
    assert "tm check:" in out and "en→pl" in out


def test_import_export_index_lines(here):
    assert "wrote" in tm80("export", "tmx", "--db", "tm.db", "-o", "out.tmx")
    assert "units added" in tm80("import", "out.tmx", "--db", "copy.db")
    assert "pairs indexed" in tm80("index", "--db", "copy.db")


@pytest.mark.parametrize(
    "command",
    [[], ["align"], ["check"], ["export"], ["import"], ["stats"], ["index"], ["lookup"], ["serve"], ["terms"],
     ["terms", "build"], ["terms", "list"], ["terms", "suggest"]],
)
def test_help_fits_and_has_an_example(command):
    out = tm80(*command, "--help")
    assert "Usage: tm" in out and ("Example: tm" in out or "Example: TM_TOKEN=secret tm serve" in out)
    assert not any(t in out for t in ("<str>", "<list", "{", "<int>", "<Path>"))


def test_progress_without_a_total_shows_the_count():
    # tm import counts units read and never knows the total: "1234", not "1234/None".
    import io

    from rich.console import Console

    from tm.cli.app import progress_bar

    bar = progress_bar("importing")
    task = bar.add_task("import", total=None)
    bar.update(task, completed=1234)
    screen = Console(file=io.StringIO(), width=80)
    screen.print(bar.make_tasks_table(bar.tasks))
    shown = screen.file.getvalue()
    assert "1234" in shown and "None" not in shown
    bar.update(task, total=5000)
    screen.print(bar.make_tasks_table(bar.tasks))
    assert "1234/5000" in screen.file.getvalue()
