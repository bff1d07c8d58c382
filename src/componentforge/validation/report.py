"""The quality report as a self-contained HTML page: summary, score, each check, code excerpts."""

from __future__ import annotations

from html import escape

from componentforge.schemas.validation import CheckSummary, ValidationReport

CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:960px;margin:0 auto;padding:32px 20px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.muted{color:#475569}.card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:16px 20px;margin:12px 0}
.badge{display:inline-block;border-radius:999px;padding:2px 12px;font-weight:600;font-size:13px}
.PASS,.passed{background:#dcfce7;color:#14532d}.FAIL,.failed{background:#fee2e2;color:#7f1d1d}
.UNVERIFIED,.skipped{background:#fef9c3;color:#713f12}
.score{font-size:40px;font-weight:700}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
pre{background:#0f172a;color:#e2e8f0;border-radius:8px;padding:10px 12px;overflow:auto;font-size:13px}
.hl{background:#7f1d1d;display:block}ul{padding-left:20px}code{font-size:13px}
"""


def excerpt(code: str, line: int, around: int = 2) -> str:
    lines = code.splitlines()
    start, end = max(1, line - around), min(len(lines), line + around)
    rows = []
    for n in range(start, end + 1):
        text = f"{n:>4}  {escape(lines[n - 1])}"
        rows.append(f'<span class="hl">{text}</span>' if n == line else text)
    return "<pre>" + "\n".join(rows) + "</pre>"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return '<p class="muted">Nothing found.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _check_row(check: CheckSummary) -> str:
    score = "" if check.score is None else f"{check.score:.2f}"
    state = check.state
    return (
        f'<tr><td>{escape(check.name)}</td><td><span class="badge {state}">{state}</span></td>'
        f"<td>{score}</td><td>{check.weight:.2f}</td>"
        f"<td>{escape(check.reason or '')}</td></tr>"
    )


def _image(url: str, caption: str) -> str:
    # The images sit beside the report: a relative name works from the API and from S3.
    name = escape(url.rsplit("/", 1)[-1])
    return (
        f'<figure style="display:inline-block;margin:0 16px 12px 0"><img src="{name}" '
        f'alt="{escape(caption)}" style="max-width:100%;border:1px solid #e2e8f0">'
        f'<figcaption class="muted">{escape(caption)}</figcaption></figure>'
    )


def _looks(report: ValidationReport) -> str:
    """The screenshot, the preview and their difference side by side; every story's preview."""
    parts = []
    visual = report.visual
    if visual is not None:
        images = visual.images
        captions = {
            "reference": "the screenshot",
            "preview": "the preview",
            "difference": "difference",
        }
        parts.append("".join(_image(images[k], c) for k, c in captions.items() if k in images))
        colours = ", ".join(
            f"{k} ΔE {v:.1f}" if v is not None else f"{k}: in one only"
            for k, v in visual.colours.items()
        )
        parts.append(
            f"<p>Visual score {visual.score:.2f} "
            f"({'looks like it' if visual.passed else '<b>does not look like it</b>'}): "
            f"SSIM {visual.ssim:.2f}, size {visual.size['width']:.2f} x "
            f"{visual.size['height']:.2f}, {escape(colours)}, text similarity "
            f"{visual.text.similarity:.2f}</p>"
        )
    preview = report.preview
    if preview is not None and preview.status == "rendered":
        parts.append("".join(_image(i.url, i.story) for i in preview.images if i.url))
    elif preview is not None:
        parts.append(
            f'<p class="muted">Preview {preview.status}: {escape(preview.reason or "")}</p>'
        )
    return "".join(parts)


def render_html(report: ValidationReport, code: str) -> str:
    status, score = report.status, report.score
    name = escape(report.component_name or "component")
    checks = "".join(_check_row(c) for c in report.checks)
    lint = report.eslint.errors + report.eslint.warnings
    painted = report.contrast.painted
    reqs = report.requirements
    tips = "".join(f"<li>{escape(t)}</li>" for t in report.recommendations)
    sections = [
        (
            "TypeScript",
            _table(
                ["line", "code", "message"],
                [
                    [
                        str(e.line),
                        escape(e.code),
                        escape(e.message) + excerpt(code, e.line),
                    ]
                    for e in report.typescript.errors
                    if (e.file or "component") == "component"
                ],
            ),
        ),
        (
            "ESLint",
            _table(
                ["line", "rule", "message"],
                [
                    [
                        str(m.line),
                        escape(m.rule),
                        escape(m.message) + excerpt(code, m.line),
                    ]
                    for m in lint
                ],
            ),
        ),
        (
            "Accessibility (axe-core)",
            _table(
                ["story", "impact", "rule", "what to do", "element"],
                [
                    [
                        escape(v.story),
                        escape(v.impact or ""),
                        escape(v.rule),
                        escape(v.help),
                        "".join(f"<code>{escape(n.html)}</code><br>" for n in v.nodes),
                    ]
                    for v in report.a11y.violations
                ],
            ),
        ),
        *(
            [
                (
                    "Colour contrast as painted (axe-core in the preview)",
                    _table(
                        ["story", "element", "colours", "ratio"],
                        [
                            [
                                escape(c.story),
                                f"<code>{escape(c.target)}</code>",
                                escape(f"{c.foreground} on {c.background}"),
                                escape(f"{c.ratio}:1, needs {c.expected}"),
                            ]
                            for c in painted.violations
                        ],
                    )
                    + f'<p class="muted">{painted.checked or 0} texts checked.</p>',
                )
            ]
            if painted is not None
            else []
        ),
        (
            "Colour contrast of the token pairs (WCAG 2.x)"
            + (" — for information: the painted check counts" if painted is not None else ""),
            _table(
                ["pair", "ratio", "AA", "AAA"],
                [
                    [
                        escape(f"{p.foreground} on {p.background}: {p.description}"),
                        f"{p.ratio:.2f}:1",
                        "pass" if p.aa else "fail",
                        "pass" if p.aaa else "fail",
                    ]
                    for p in report.contrast.pairs
                ],
            ),
        ),
        (
            "Security",
            _table(
                ["line", "severity", "finding"],
                [
                    [
                        str(f.line),
                        escape(f.severity),
                        escape(f.message) + (excerpt(code, f.line) if f.line else ""),
                    ]
                    for f in report.security.findings
                ],
            ),
        ),
        (
            "Requirements",
            _table(
                ["requirement", "status", "evidence"],
                [
                    *(
                        [
                            escape(f"{i.category}: {i.name}"),
                            "implemented",
                            escape(i.evidence or ""),
                        ]
                        for i in reqs.implemented
                    ),
                    *(
                        [escape(f"{m.category}: {m.name}"), "<b>missing</b>", ""]
                        for m in reqs.missing
                    ),
                ],
            )
            if reqs is not None
            else '<p class="muted">No requirements were given.</p>',
        ),
    ]
    looks = _looks(report)
    if looks:
        sections.insert(0, ("How it looks", looks))
    body = "".join(f'<h2>{escape(t)}</h2><div class="card">{html}</div>' for t, html in sections)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Quality report: {name} ({status})</title><style>{CSS}</style></head>
<body><main>
<h1>Quality report: {name}</h1>
<p class="muted">Report {escape(report.report_id)}, {escape(report.created_at)}</p>
<div class="card"><span class="badge {status}">{status}</span>
<div class="score">{score:.2f}</div><p class="muted">Quality score from 0 to 1</p></div>
<h2>What to fix</h2><div class="card">{f"<ul>{tips}</ul>" if tips else '<p class="muted">Nothing: every check passed.</p>'}</div>
<h2>Checks</h2><div class="card"><table><thead><tr><th>check</th><th>result</th><th>score</th>
<th>weight</th><th>note</th></tr></thead><tbody>{checks}</tbody></table></div>
{body}
</main></body></html>
"""
