"""Renderers of a consistency ``Report``: a rich terminal table, JSON, CSV and one HTML file.

The HTML page is self-contained (inline CSS and a little script, no fonts, images or requests;
a Content-Security-Policy forbids any), so it opens offline and can be mailed or attached to a
CI run. It shows the term groups (renderings with counts and segments, each target with the
rendering highlighted) and every finding grouped by check; tables sort by a click on a column
header, and severities can be hidden. Everything from the checked texts is HTML-escaped.

The JSON document is the stable interface for CI and other tools; docs/check.md describes it.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from typing import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tm.check.model import SEVERITIES, Finding, Report, Span
from tm.check.pool import collector_paused
from tm.check.registry import CHECKS, TERM_CHECKS

FORMATS = ("table", "json", "csv", "html")
CSV_COLUMNS = ("id", "check", "severity", "segment_ids", "term", "found", "expected", "message", "source", "target")


def render(report: Report, fmt: str, *, width: int | None = None) -> str:
    """The report as text in ``fmt`` (table, json, csv or html)."""
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "table":
        console = Console(file=io.StringIO(), width=width or 160, record=True, color_system=None)
        print_table(report, console)
        return console.export_text()
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


# -- JSON and CSV ------------------------------------------------------------------------------


@collector_paused()
def render_json(report: Report) -> str:
    """The report as JSON: top-level keys one per line, each finding, group and decision on a
    line of its own. Same document as ``json.dumps(indent=2)`` would give, but written by the C
    encoder (the pure-Python indenting one took 6 s on 100k findings) and easy to grep and diff."""
    doc = report.to_dict()
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = ["{"]
    last = len(doc) - 1
    for i, (key, value) in enumerate(doc.items()):
        comma = "," if i < last else ""
        name = encode(key)
        if isinstance(value, list) and value:
            items = ",\n    ".join(map(encode, value))
            lines.append(f"  {name}: [\n    {items}\n  ]{comma}")
        else:
            lines.append(f"  {name}: {encode(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_csv(report: Report) -> str:
    """One row per open finding; lists (segment ids, expected renderings) joined by " | "."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in report.findings:
        writer.writerow(
            [
                f.id,
                f.check,
                f.severity,
                " | ".join(f.segment_ids),
                f.term or "",
                f.found or "",
                " | ".join(f.expected),
                f.message,
                f.source,
                f.target,
            ]
        )
    return buf.getvalue()


# -- terminal ----------------------------------------------------------------------------------

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _highlighted(text: str, spans: Iterable[Span], side: str, limit: int = 240) -> Text:
    out = Text(text)
    for s in spans:
        if s.side == side:
            out.stylize("bold reverse", s.start, s.end)
    if len(text) > limit:
        # Keep the first highlight in view when cutting a long segment.
        first = min((s.start for s in spans if s.side == side), default=0)
        start = max(0, min(first - 40, len(text) - limit))
        out = out[start : start + limit]
        if start:
            out = Text("…") + out
        if start + limit < len(text):
            out.append("…")
    return out


def _segments(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" +{len(ids) - limit}" if len(ids) > limit else "")


def print_table(report: Report, console: Console) -> None:
    """Summary, then term groups (renderings with counts), then findings grouped by check.
    Texts from the data go in as ``Text`` so brackets in them are never read as rich markup."""
    counts = report.counts()
    console.print(
        Text(
            f"tm check: {report.pairs_checked} pairs {report.src_lang}→{report.tgt_lang}; "
            + ", ".join(f"{counts[s]} {s}" + ("s" if counts[s] != 1 else "") for s in SEVERITIES)
            + (f"; {len(report.dismissed)} dismissed by review" if report.dismissed else "")
        ),
        style="bold",
    )
    for note in report.notes:
        console.print(Text(f"note: {note}", style="dim"))
    if report.stale:
        console.print(Text(f"{len(report.stale)} suppressions match no finding any more (fixed or changed)", style="dim"))
    for g in report.groups:
        console.print()
        console.print(Text(f"term: {g.term} — proposed: {g.proposed or '?'} ({g.basis})", style="bold"))
        table = Table(show_lines=False)
        table.add_column("rendering")
        table.add_column("count", justify="right")
        table.add_column("status")
        table.add_column("segments")
        for r in g.renderings:
            style = "yellow" if r.flagged else None
            table.add_row(
                Text(r.text),
                str(r.count),
                Text(r.status or ("flagged" if r.flagged else "ok")),
                Text(_segments(r.segment_ids, 10)),
                style=style,
            )
        console.print(table)
    for check, found in _by_check(report):
        console.print()
        console.print(Text(f"{check}: {CHECKS[check].title} ({len(found)})", style="bold"))
        table = Table(show_lines=True)
        table.add_column("id", no_wrap=True)
        table.add_column("sev", no_wrap=True)
        table.add_column("segments")
        table.add_column("message")
        table.add_column("target")
        for f in found:
            table.add_row(
                f.id,
                Text(f.severity, style=_SEVERITY_STYLE[f.severity]),
                Text(_segments(f.segment_ids)),
                Text(f.message),
                _highlighted(f.target, f.spans, "target"),
            )
        console.print(table)
    if not report.findings:
        console.print("no open findings")


# -- HTML --------------------------------------------------------------------------------------


def _mark(text: str, spans: Iterable[Span], side: str) -> str:
    """``text`` HTML-escaped, with the ``side`` spans wrapped in <mark>."""
    ranges = sorted((s.start, s.end) for s in spans if s.side == side and 0 <= s.start < s.end <= len(text))
    merged: list[list[int]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1f2937;color:#fff;padding:14px 24px}
header h1{margin:0 0 4px;font-size:20px}
header .counts span{margin-right:14px}
main{padding:8px 24px 40px}
h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:28px}
h3{margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;background:#fff}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap}
th.sorted-asc::after{content:" \\25B2"} th.sorted-desc::after{content:" \\25BC"}
td.num{text-align:right}
mark{background:#ffd54f;color:#000;padding:0 1px;border-radius:2px}
tr.flagged td{background:#fff4e5}
.sev{font-weight:bold;text-transform:uppercase;font-size:11px;padding:1px 5px;border-radius:3px;color:#fff}
.sev-error{background:#c62828}.sev-warning{background:#ef6c00}.sev-info{background:#1565c0}
.ids{font:12px ui-monospace,monospace;color:#555}
.filters label{margin-right:12px}
.note{color:#555}
.proposed{font-weight:bold;color:#2e7d32}
.hidden{display:none}
"""

_SCRIPT = """
(function(){
  function key(td){var v=td.getAttribute('data-sort');if(v===null)v=td.textContent;var n=parseFloat(v);return isNaN(n)||!/^-?[0-9.]+$/.test(v.trim())?v.toLowerCase():n;}
  function sortTable(table,col,dir){
    var tb=table.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);
    rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);if(x<y)return dir==='asc'?-1:1;if(x>y)return dir==='asc'?1:-1;return 0;});
    rows.forEach(function(r){tb.appendChild(r);});
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){th.classList.remove('sorted-asc','sorted-desc');if(i===col)th.classList.add('sorted-'+dir);});
    table.setAttribute('data-sorted',col+':'+dir);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
      th.addEventListener('click',function(){var cur=table.getAttribute('data-sorted');sortTable(table,i,cur===i+':asc'?'desc':'asc');});
    });
  });
  // #sort=TABLE_ID:COLUMN:asc|desc sorts a table when the page opens (links, tests).
  var m=/sort=([^:&]+):([0-9]+):(asc|desc)/.exec(location.hash);
  if(m){var t=document.getElementById(m[1]);if(t)sortTable(t,parseInt(m[2],10),m[3]);}
  Array.prototype.forEach.call(document.querySelectorAll('.filters input'),function(box){
    box.addEventListener('change',function(){
      Array.prototype.forEach.call(document.querySelectorAll('[data-severity="'+box.value+'"]'),function(el){el.classList.toggle('hidden',!box.checked);});
    });
  });
})();
"""


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "x"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    parts: list[str] = []
    _html_head(report, parts.append)
    _html_groups(report, parts.append)
    _html_checks(report, parts.append)
    _html_dismissed(report, parts.append)
    parts.append(f"</main><script>{_SCRIPT}</script></body></html>\n")
    return "".join(parts)


def _html_head(report: Report, add) -> None:
    """Head, header with the counts, notes and the severity filters."""
    counts = report.counts()
    add("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    add(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
    )
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>tm check: {len(report.findings)} findings</title><style>{_CSS}</style></head><body>")
    add("<header><h1>Consistency report</h1>")
    checked = ", ".join(f"{k}: {v}" for k, v in report.sources.items())
    add(
        f"<div>{report.pairs_checked} pairs, {_e(report.src_lang)} → {_e(report.tgt_lang)}"
        + (f" — {_e(checked)}" if checked else "")
        + "</div>"
    )
    add('<div class="counts" id="counts">')
    for s in SEVERITIES:
        add(f'<span><span class="sev sev-{s}">{s}</span> {counts[s]}</span>')
    if report.dismissed:
        add(f"<span>{len(report.dismissed)} dismissed by review</span>")
    add("</div></header><main>")
    for note in report.notes:
        add(f'<p class="note">Note: {_e(note)}</p>')
    add('<div class="filters">Show: ')
    for s in SEVERITIES:
        add(f'<label><input type="checkbox" value="{s}" checked> {s}</label>')
    add("</div>")


def _html_groups(report: Report, add) -> None:
    """One section per term group: its renderings, then its term findings."""
    if not report.groups:
        return
    add('<section id="terms"><h2>By term</h2>')
    for gi, g in enumerate(report.groups):
        gid = f"term-{gi}-{_slug(g.term)}"
        add(f'<section class="group" id="{gid}"><h3>{_e(g.term)}</h3>')
        add(
            f'<p>Proposed rendering: <span class="proposed">{_e(g.proposed or "none")}</span> '
            f"({_e(g.basis)})"
            + (f"; also allowed: {_e(', '.join(x for x in g.expected if x != g.proposed))}" if len(g.expected) > 1 else "")
            + "</p>"
        )
        add(f'<table class="sortable renderings" id="{gid}-renderings"><thead><tr>')
        add("<th>Rendering</th><th>Count</th><th>Status</th><th>Segments</th></tr></thead><tbody>")
        for r in g.renderings:
            cls = ' class="flagged"' if r.flagged else ""
            status = r.status or ("flagged" if r.flagged else "ok")
            add(
                f"<tr{cls}><td>{_e(r.text)}</td><td class=\"num\">{r.count}</td><td>{_e(status)}</td>"
                f'<td class="ids">{_e(", ".join(r.segment_ids))}</td></tr>'
            )
        add("</tbody></table>")
        term_findings = [f for f in report.findings if f.term == g.term and f.check in _TERM_CHECK_IDS]
        if term_findings:
            add(f'<table class="sortable" id="{gid}-findings"><thead><tr>')
            add("<th>Severity</th><th>Found</th><th>Segments</th><th>Source</th><th>Target</th><th>Id</th></tr></thead><tbody>")
            for f in term_findings:
                add(_finding_row(f, columns=("severity", "found", "segments", "source", "target", "id")))
            add("</tbody></table>")
        add("</section>")
    add("</section>")


def _by_check(report: Report) -> list[tuple[str, list[Finding]]]:
    """The report's findings grouped by check, in the registry's order; checks without any left out."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        grouped[f.check].append(f)
    return [(check, grouped[check]) for check in CHECKS if grouped.get(check)]


def _html_checks(report: Report, add) -> None:
    """One section per check with its findings, in the registry's order."""
    add('<section id="checks"><h2>By check</h2>')
    for check, found in _by_check(report):
        add(f'<section class="check" id="check-{check}"><h3>{_e(check)}: {_e(CHECKS[check].title)} ({len(found)})</h3>')
        add(f'<table class="sortable findings" id="findings-{check}"><thead><tr>')
        add("<th>Severity</th><th>Segments</th><th>Message</th><th>Source</th><th>Target</th><th>Id</th></tr></thead><tbody>")
        for f in found:
            add(_finding_row(f, columns=("severity", "segments", "message", "source", "target", "id")))
        add("</tbody></table></section>")
    if not report.findings:
        add("<p>No open findings.</p>")
    add("</section>")


def _html_dismissed(report: Report, add) -> None:
    """The findings reviewers dismissed, with their decisions."""
    if not report.dismissed:
        return
    add('<section id="dismissed"><h2>Dismissed by review</h2><table class="sortable" id="dismissed-table"><thead><tr>')
    add("<th>Id</th><th>Check</th><th>Status</th><th>Reason</th><th>Segments</th></tr></thead><tbody>")
    for f, s in report.dismissed:
        add(
            f'<tr><td class="ids">{_e(f.id)}</td><td>{_e(f.check)}</td><td>{_e(s.status)}</td>'
            f'<td>{_e(s.reason)}</td><td class="ids">{_e(", ".join(f.segment_ids))}</td></tr>'
        )
    add("</tbody></table></section>")


_TERM_CHECK_IDS = frozenset(TERM_CHECKS)


def _finding_row(f: Finding, columns: tuple[str, ...]) -> str:
    cells = []
    for c in columns:
        if c == "severity":
            rank = SEVERITIES.index(f.severity)
            cells.append(f'<td data-sort="{rank}"><span class="sev sev-{f.severity}">{f.severity}</span></td>')
        elif c == "segments":
            cells.append(f'<td class="ids">{_e(", ".join(f.segment_ids))}</td>')
        elif c == "message":
            cells.append(f"<td>{_e(f.message)}</td>")
        elif c == "found":
            cells.append(f"<td>{_e(f.found or '—')}</td>")
        elif c == "source":
            cells.append(f'<td class="src">{_mark(f.source, f.spans, "source")}</td>')
        elif c == "target":
            cells.append(f'<td class="tgt">{_mark(f.target, f.spans, "target")}</td>')
        elif c == "id":
            cells.append(f'<td class="ids">{_e(f.id)}</td>')
    return f'<tr data-severity="{f.severity}" data-id="{_e(f.id)}">' + "".join(cells) + "</tr>"
