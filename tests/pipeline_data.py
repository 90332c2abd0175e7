"""A crawl data directory built from the real fixture documents, for the pipeline tests.

It is what the crawler would leave behind (raw store + manifest, written with the crawler's own
`RawStore` and `ManifestWriter`) for four real reports published the ways sites publish them:

- 上海市人民政府办公厅 2019: an HTML detail page, re-listed under a second URL by the city
  portal's central column (same bytes), and later edited in place (one number corrected);
- 淮安市洪泽区 2023: a detail page that only says 详见附件, the report being its PDF attachment;
- 临夏州公安局 2023: a plain-text detail page with tables, plus a DOCX rendering as attachment;
- a detail page of another organ whose body is a truncated PDF (broken).

The organ metadata (registry ids, 索引号) is the kind the crawler records; the numbers all come
from the real documents, and tests compare them with the gold files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crawler.manifest import ManifestWriter, Observation, part_path
from crawler.rawstore import RawStore
from transform.formats.sniff import sniff

FIRST_CRAWL = "2024-02-01T08:00:00+00:00"
SECOND_CRAWL = "2024-03-01T08:00:00+00:00"

SH_PAGE = "https://www.shanghai.gov.cn/nw12344/20200131/0001-12344_63525.html"
SH_PORTAL = "https://www.shanghai.gov.cn/zfxxgknb2019/20200131/szfbgt.html"
HZ_PAGE = "http://www.hongze.gov.cn/hzqrmzf/zfxxgknb/2024/t20240120_1.html"
HZ_PDF = "http://www.hongze.gov.cn/hzqrmzf/zfxxgknb/2024/P020240120.pdf"
LX_PAGE = "http://gaj.linxia.gov.cn/gaj/zfxxgk/fdzdgknr/gknb/art/2024/art_1.html"
LX_DOCX = "http://gaj.linxia.gov.cn/module/download/downfile.jsp?filename=linxia_2023.docx"
BROKEN_PAGE = "http://www.example-county.gov.cn/zfxxgk/nb/2023/t20240115_9.pdf"

# The in-place correction of the Shanghai report in the second crawl.
SH_EDIT = (b">859<", b">860<")

HONGZE_PAGE_HTML = """<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="淮安市洪泽区2023年政府信息公开工作年度报告">
<meta name="PubDate" content="2024-01-20">
<title>淮安市洪泽区2023年政府信息公开工作年度报告</title></head>
<body><div id="zoom"><p>淮安市洪泽区2023年政府信息公开工作年度报告</p>
<p>详见附件。</p>
<p>附件：<a href="P020240120.pdf">洪泽区2023年政府信息公开工作年度报告.pdf</a></p></div>
</body></html>"""


@dataclass(frozen=True)
class FixtureReport:
    """A real fixture report in the data dir: its gold file and the URL carrying its tables."""

    gold: str
    carrier_url: str


REPORTS = (
    FixtureReport("shanghai_szfbgt_2019", SH_PAGE),
    FixtureReport("hongze_2023", HZ_PDF),
    FixtureReport("linxia_gongan_2023", LX_PAGE),
)


class CrawlWriter:
    """Writes bodies and observations the way the crawler does."""

    def __init__(self, data_dir: Path, run_id: str) -> None:
        self.store = RawStore(data_dir)
        self.writer = ManifestWriter(part_path(data_dir, run_id))

    def fetched(
        self,
        url: str,
        body: bytes,
        fetched_at: str,
        *,
        role: str = "report_page",
        parent_url: str | None = None,
        **registry: object,
    ) -> str:
        sha = self.store.put(body)
        fields: dict[str, object] = {
            "source_id": "unknown",
            "organ": "",
            "region_code": None,
            "level": None,
            "title": None,
            "published_date": None,
            "year": None,
            "variant": None,
            "index_no": None,
            "publisher": None,
        }
        fields.update(registry)
        self.writer.write(
            Observation(
                url=url,
                final_url=url,
                role=role,
                parent_url=parent_url,
                http_status=200,
                content_type=None,
                format=sniff(body, url),
                sha256=sha,
                size=len(body),
                fetched_at=fetched_at,
                unchanged=False,
                etag=None,
                last_modified=None,
                **fields,  # type: ignore[arg-type]
            )
        )
        return sha

    def close(self) -> None:
        self.writer.close()


SHANGHAI = {
    "source_id": "shanghai_szfbgt",
    "organ": "上海市人民政府办公厅",
    "region_code": "310000",
    "level": "department",
    "title": "2019年上海市人民政府办公厅政府信息公开工作年度报告",
    "published_date": "2020-01-31",
    "year": 2019,
    "index_no": "SHSZFBGT/2020-00012",
    "publisher": "上海市人民政府办公厅",
}
HONGZE = {
    "source_id": "hongze",
    "organ": "淮安市洪泽区人民政府",
    "region_code": "320813",
    "level": "county",
    "title": "淮安市洪泽区2023年政府信息公开工作年度报告",
    "published_date": "2024-01-20",
    "year": 2023,
    "index_no": "014112340/2024-00003",
    "publisher": "淮安市洪泽区人民政府",
}
LINXIA = {
    "source_id": "linxia_gaj",
    "organ": "临夏州公安局",
    "region_code": "622900",
    "level": "department",
    "title": "临夏州公安局2023年度政府信息公开工作年度报告",
    "published_date": "2024-01-25",
    "year": 2023,
}
BROKEN = {
    "source_id": "example_county",
    "organ": "某县人民政府",
    "region_code": "999999",
    "level": "county",
    "title": "某县2023年政府信息公开工作年度报告",
    "published_date": "2024-01-15",
    "year": 2023,
}


def write_first_crawl(data_dir: Path, real: Path) -> None:
    crawl = CrawlWriter(data_dir, "20240201T080000Z")
    shanghai = (real / "shanghai_szfbgt_2019.html").read_bytes()
    crawl.fetched(SH_PAGE, shanghai, FIRST_CRAWL, **SHANGHAI)
    portal = SHANGHAI | {"source_id": "shanghai_portal", "organ": "上海市人民政府"}
    crawl.fetched(SH_PORTAL, shanghai, FIRST_CRAWL, **portal)
    crawl.fetched(HZ_PAGE, HONGZE_PAGE_HTML.encode(), FIRST_CRAWL, **HONGZE)
    crawl.fetched(
        HZ_PDF,
        (real / "hongze_2023.pdf").read_bytes(),
        FIRST_CRAWL,
        role="attachment",
        parent_url=HZ_PAGE,
        **(HONGZE | {"title": "洪泽区2023年政府信息公开工作年度报告.pdf"}),
    )
    crawl.fetched(LX_PAGE, (real / "linxia_gongan_2023.txt").read_bytes(), FIRST_CRAWL, **LINXIA)
    crawl.fetched(
        LX_DOCX,
        (real / "derived" / "linxia_gongan_2023.docx").read_bytes(),
        FIRST_CRAWL,
        role="attachment",
        parent_url=LX_PAGE,
        **(LINXIA | {"title": "附件1"}),
    )
    truncated = (real / "hongze_2023.pdf").read_bytes()[:3000]
    crawl.fetched(BROKEN_PAGE, truncated, FIRST_CRAWL, **BROKEN)
    crawl.close()


def write_second_crawl(data_dir: Path, real: Path) -> None:
    """The Shanghai page is corrected in place; everything else is fetched unchanged."""
    crawl = CrawlWriter(data_dir, "20240301T080000Z")
    edited = (real / "shanghai_szfbgt_2019.html").read_bytes().replace(*SH_EDIT)
    crawl.fetched(SH_PAGE, edited, SECOND_CRAWL, **SHANGHAI)
    crawl.close()


def build_data_dir(data_dir: Path, real: Path, *, edited: bool = False) -> Path:
    write_first_crawl(data_dir, real)
    if edited:
        write_second_crawl(data_dir, real)
    return data_dir


def write_relisted_copies(data_dir: Path, real: Path, copies: int) -> None:
    """The Linxia report re-listed under `copies` more URLs, each served with different
    trailing whitespace (as CMS templates do), so every copy is a document of its own."""
    crawl = CrawlWriter(data_dir, "20240201T090000Z")
    text = (real / "linxia_gongan_2023.txt").read_bytes()
    for i in range(copies):
        url = f"http://www.linxia.gov.cn/zfxxgk/gknb/bm/{i:04d}.html"
        crawl.fetched(url, text + b"\n" * (i + 1), FIRST_CRAWL, **LINXIA)
    crawl.close()
