"""Real report documents and the page shapes government CMSs wrap them in.

Fixture sites serve REAL content: the bodies of detail pages and the attachments are real
published reports (../shared/fixtures/real), so that a crawl's output can go on to the
transform tests and the demo unchanged.
"""

from __future__ import annotations

import html as html_lib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DEFAULT_REAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real"


def real_dir() -> Path:
    """Where the real documents are: $GKNB_REAL_FIXTURES, else ../shared/fixtures/real."""
    return Path(os.environ.get("GKNB_REAL_FIXTURES", DEFAULT_REAL_DIR))


@dataclass(frozen=True)
class RealDocuments:
    """The real documents a fixture site is built from (read-only directory)."""

    root: Path

    @classmethod
    def default(cls) -> RealDocuments:
        root = real_dir()
        if not root.is_dir():
            raise FileNotFoundError(f"real fixture documents not found: {root}")
        return cls(root)

    @cached_property
    def shanghai_html(self) -> str:
        """上海市人民政府办公厅 2019: an HTML fragment, the body of a detail page."""
        return (self.root / "shanghai_szfbgt_2019.html").read_text(encoding="utf-8")

    @cached_property
    def linxia_text(self) -> str:
        """临夏州公安局 2023 as text with pipe-row tables."""
        return (self.root / "linxia_gongan_2023.txt").read_text(encoding="utf-8")

    @cached_property
    def hongze_pdf(self) -> bytes:
        return (self.root / "hongze_2023.pdf").read_bytes()

    @cached_property
    def linxia_pdf(self) -> bytes:
        return (self.root / "derived" / "linxia_gongan_2023.pdf").read_bytes()

    @cached_property
    def linxia_docx(self) -> bytes:
        return (self.root / "derived" / "linxia_gongan_2023.docx").read_bytes()

    @cached_property
    def linxia_doc(self) -> bytes:
        return (self.root / "derived" / "linxia_gongan_2023.doc").read_bytes()


def text_as_html(text: str) -> str:
    """Plain report text as a CMS would publish it: paragraphs, pipe rows as table rows."""
    out: list[str] = []
    rows: list[str] = []

    def flush_table() -> None:
        if rows:
            out.append("<table border='1'>" + "".join(rows) + "</table>")
            rows.clear()

    for line in text.splitlines():
        if "|" in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append("<tr>" + "".join(f"<td>{html_lib.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        flush_table()
        if line.strip():
            out.append(f"<p>{html_lib.escape(line.strip())}</p>")
    flush_table()
    return "\n".join(out)


@dataclass(frozen=True)
class DetailMeta:
    """The 政府信息公开目录 metadata a detail page shows above the body."""

    title: str
    publisher: str
    published_date: str  # ISO date
    index_no: str = ""
    written_date: str = ""
    doc_no: str = ""
    column_name: str = "政府信息公开年报"


def detail_page(
    meta: DetailMeta,
    body_html: str,
    attachments: list[tuple[str, str]] = (),  # type: ignore[assignment]
    *,
    encoding: str = "utf-8",
    body_class: str = 'id="zoom" class="TRS_Editor"',
) -> str:
    """A government detail page: meta tags, the metadata table, the body, the attachments."""
    e = html_lib.escape
    links = "".join(f'<p><a href="{e(href)}">{e(text)}</a></p>' for href, text in attachments)
    attachment_block = f'<div class="fj">附件：{links}</div>' if attachments else ""
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<meta name="SiteIDCode" content="0000000001">
<meta name="ColumnName" content="{e(meta.column_name)}">
<meta name="ArticleTitle" content="{e(meta.title)}">
<meta name="PubDate" content="{e(meta.published_date)} 09:30">
<meta name="ContentSource" content="{e(meta.publisher)}">
<title>{e(meta.title)}</title>
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="../">政府信息公开年报</a></div>
<table class="xxgk_table">
<tr><td>索引号：</td><td>{e(meta.index_no)}</td><td>发布机构：</td><td>{e(meta.publisher)}</td></tr>
<tr><td>成文日期：</td><td>{e(meta.written_date or meta.published_date)}</td>
<td>发布日期：</td><td>{e(meta.published_date)}</td></tr>
<tr><td>文号：</td><td>{e(meta.doc_no)}</td><td>主题分类：</td><td>政务公开</td></tr>
</table>
<h1>{e(meta.title)}</h1>
<div {body_class}>
{body_html}
</div>
{attachment_block}
<div class="footer">主办单位：{e(meta.publisher)}</div>
</body></html>"""


def list_page(
    column_name: str,
    items: list[tuple[str, str, str]],  # (href, title, ISO date)
    *,
    encoding: str | None = "utf-8",  # None: no <meta> charset at all (the decoder guesses)
    extra_head: str = "",
    pager_html: str = "",
    nav_links: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> str:
    """A column list page: navigation, the list of (link, title, date), the pager."""
    e = html_lib.escape
    lis = "".join(
        f'<li><a href="{e(href)}" title="{e(title)}">{e(title)}</a><span>{e(date)}</span></li>'
        for href, title, date in items
    )
    nav = "".join(f'<a href="{e(href)}">{e(text)}</a> ' for href, text in nav_links)
    charset = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        if encoding
        else ""
    )
    return f"""<!DOCTYPE html>
<html><head>
{charset}
<meta name="ColumnName" content="{e(column_name)}">
<title>{e(column_name)}</title>
{extra_head}
</head><body>
<div class="nav"><a href="/">首页</a> {nav}</div>
<div class="list"><ul>{lis}</ul></div>
<div class="pager">{pager_html}</div>
</body></html>"""


def js_shell(target: str) -> str:
    """The ~160-byte page some columns are: a script that replaces the location."""
    return (
        "<html><head><script>"
        f'window.location.replace("{target}");'
        "</script></head><body></body></html>"
    )


SOFT_404 = (
    "<html><head><title>页面不存在</title></head>"
    "<body><div class='err'>抱歉，您访问的页面不存在或已被删除！</div></body></html>"
)


# The detail-page metadata of the real reports, as their publishers print it. A builder
# varies a field with dataclasses.replace where its family's site prints it otherwise.
LINXIA = DetailMeta(
    title="临夏州公安局2023年度政府信息公开工作年度报告",
    publisher="临夏州公安局",
    published_date="2024-01-15",
    index_no="013902431/2024-00012",
)
HONGZE = DetailMeta(
    title="淮安市洪泽区人民政府2023年政府信息公开工作年度报告",
    publisher="淮安市洪泽区人民政府",
    published_date="2024-01-20",
    index_no="014112340/2024-00003",
)
SHANGHAI = DetailMeta(
    title="2019年上海市人民政府办公厅政府信息公开工作年度报告",
    publisher="上海市人民政府办公厅",
    published_date="2020-01-31",
    index_no="002482123/2020-00015",
)
