"""Fast checks of the crawler's rules, without a crawl: registry validation, report
recognition (sites.md keep/drop rules), detail-page metadata, encodings, anti-bot
fingerprints and the offsite/private guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, Response

from crawler.detail import parse_detail
from crawler.middlewares.antibot import challenge_kind
from crawler.middlewares.guard import host_allowed
from crawler.middlewares.pages import decide_encoding, is_soft_404, js_shell_target
from crawler.recognize import (
    body_year,
    is_annual_column,
    is_column_report_title,
    is_report_title,
    is_sub_column,
    statistical_year,
    variant,
)
from crawler.registry import RegistryError, Source, load_registry, parse_registry
from crawler.testsite.content import SOFT_404, DetailMeta, detail_page, js_shell


def entry(**kw: object) -> dict[str, object]:
    return {
        "id": "hongze",
        "name": "淮安市洪泽区人民政府",
        "start_urls": ["http://www.hongze.gov.cn/"],
        **kw,
    }


# --- registry -------------------------------------------------------------------------


def test_registry_defaults_and_overrides() -> None:
    (source,) = parse_registry({"sources": [entry(delay=0.5, concurrency=4, may_be_empty=True)]})
    assert source.allowed_domains == ("hongze.gov.cn",)  # www. dropped: sub-sites stay in
    assert (source.delay, source.concurrency, source.may_be_empty) == (0.5, 4, True)
    (local,) = parse_registry({"sources": [entry(start_urls=["http://127.0.0.1:8080/nb/"])]})
    assert local.allowed_domains == ("127.0.0.1:8080",) and local.host_is_private()
    assert not source.host_is_private()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"sources": [{"name": "x", "start_urls": ["http://a.gov.cn/"]}]},
            "missing required key 'id'",
        ),
        ({"sources": [entry(start_urls=["ftp://a.gov.cn/"])]}, "http(s) URL"),
        ({"sources": [entry(delay=-1)]}, "delay must be"),
        ({"sources": [entry(concurrency=0)]}, "concurrency must be"),
        ({"sources": [entry(colour="red")]}, "unknown keys ['colour']"),
        ({"sources": [entry(), entry()]}, "duplicate source id 'hongze'"),
        ({"sources": [entry(id="Bad Id")]}, "id must match"),
        ({"sources": [entry(family="nosuch")]}, "unknown family 'nosuch'"),
        ({"nothing": []}, "'sources' list"),
    ],
)
def test_registry_errors_say_where_and_why(bad: object, message: str) -> None:
    with pytest.raises(RegistryError, match=None) as info:
        parse_registry(bad, families={"trs", "generic"})
    assert message in str(info.value)


def test_registry_file_errors(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not found"):
        load_registry(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: [", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(broken)


# --- recognition (sites.md) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("临夏州公安局2023年度政府信息公开工作年度报告", 2023),
        ("2019年上海市人民政府办公厅政府信息公开工作年度报告", 2019),
        ("洪泽区2023年政府信息公开工作年度报告（PDF版）", 2023),
        ("二〇二二年度政务公开工作年度报告", 2022),
        ("区财政局政府信息公开工作年度报告（2021）", 2021),
        ("2020年 政府信息 公开 年报", 2020),
    ],
)
def test_report_titles_kept_with_their_year(title: str, year: int) -> None:
    assert is_report_title(title)
    assert statistical_year(title) == year


@pytest.mark.parametrize(
    "title",
    [
        "关于《2023年度政府信息公开工作年度报告》的解读",
        "一图读懂2023年政府信息公开工作年度报告",
        "关于做好2022年政府信息公开工作年度报告编制工作的通知",
        "2023年政府网站工作年度报表",
        "2023年度部门预算",
        "2024年政府工作报告",
        "政府信息公开指南",
    ],
)
def test_non_reports_dropped(title: str) -> None:
    assert not is_report_title(title)


def test_titles_a_year_column_lists() -> None:
    # Within a 年报 column "年度报告" alone names a report; outside it, it does not.
    assert is_column_report_title("市教育局2023年度报告")
    assert is_column_report_title("2022年年报（图片版）")
    assert not is_report_title("市教育局2023年度报告")
    assert statistical_year("市教育局2023年度报告") == 2023
    for title in ("关于2023年度报告的解读", "2023年部门预算", "2023年工作总结", "2023年度"):
        assert not is_column_report_title(title), title


def test_year_from_body_then_publication_date_never_url() -> None:
    shanghai = "本年度报告中所列数据统计期限从2019年1月1日到12月31日止。"
    assert body_year(shanghai) == 2019
    assert statistical_year("政府信息公开工作年度报告", shanghai, "2020-01-31") == 2019
    assert statistical_year("政府信息公开工作年度报告", "", "2021-03-15") == 2020
    assert statistical_year("政府信息公开工作年度报告", "", "2021-07-15") is None


def test_variants_and_columns() -> None:
    assert variant("2023年政府信息公开工作年度报告（图片版）") == "图片版"
    assert variant("2023年政府信息公开工作年度报告(修订稿)") == "修订稿"
    assert variant("2023年政府信息公开工作年度报告") is None
    assert is_annual_column("政府信息公开年报")
    assert is_annual_column("年度报告", "http://a.gov.cn/xxgk/ndbg/")
    assert not is_annual_column("关于2023年度报告的解读", "http://a.gov.cn/zfxxgknb/index.html")
    assert is_sub_column("2023年") and is_sub_column("部门年报") and is_sub_column("乡镇街道")
    assert not is_sub_column("2023年政府信息公开工作年度报告")


# --- detail pages, encodings, shells, soft 404 -----------------------------------------


def html_response(
    url: str, body: bytes, content_type: bytes = b"text/html; charset=utf-8"
) -> HtmlResponse:
    return HtmlResponse(
        url=url,
        body=body,
        headers={"Content-Type": content_type},
        encoding=decide_encoding(content_type, body),
        request=Request(url),
    )


def test_detail_metadata_and_attachments(real_dir: Path) -> None:
    body = (real_dir / "shanghai_szfbgt_2019.html").read_text(encoding="utf-8")
    meta = DetailMeta(
        "2019年上海市人民政府办公厅政府信息公开工作年度报告",
        "上海市人民政府办公厅",
        "2020-01-31",
        index_no="002482123/2020-00015",
        doc_no="沪府办〔2020〕1号",
    )
    page = detail_page(
        meta,
        body,
        [
            ("/module/download/downfile.jsp?filename=a.pdf", "附件：全文.pdf"),
            ("../P0200.docx", "（超链版）"),
            ("/x.html", "相关链接"),
        ],
    )
    detail = parse_detail(
        html_response("http://www.shanghai.gov.cn/nw1/20200131/a.html", page.encode())
    )
    assert detail.index_no == "002482123/2020-00015" and detail.doc_no == "沪府办〔2020〕1号"
    assert detail.publisher == "上海市人民政府办公厅" and detail.published_date == "2020-01-31"
    assert detail.title == meta.title and detail.column_name == "政府信息公开年报"
    assert body_year(detail.text) == 2019 and detail.report_markers() == 6
    assert [(a.url, a.text) for a in detail.attachments] == [
        (
            "http://www.shanghai.gov.cn/module/download/downfile.jsp?filename=a.pdf",
            "附件：全文.pdf",
        ),
        ("http://www.shanghai.gov.cn/nw1/P0200.docx", "（超链版）"),
    ]


def test_encoding_order_header_meta_bom_gb18030() -> None:
    text = "<html><head>{}</head><body>政府信息公开工作年度报告</body></html>"
    assert decide_encoding(b"text/html; charset=GB2312", b"") == "gb18030"
    assert (
        decide_encoding(b"text/html", text.format('<meta charset="gbk">').encode("gbk"))
        == "gb18030"
    )
    assert decide_encoding(b"text/html", b"\xef\xbb\xbf" + text.format("").encode()) == "utf-8"
    assert decide_encoding(None, text.format("").encode("gbk")) == "gb18030"
    assert decide_encoding(None, text.format("").encode("utf-8")) == "utf-8"


def test_js_shell_and_soft_404() -> None:
    shell = html_response("http://a.gov.cn/xxgk/nb/", js_shell("/xxgk/nb/list.html").encode())
    assert len(shell.body) < 200 and js_shell_target(shell) == "http://a.gov.cn/xxgk/nb/list.html"
    assert is_soft_404(html_response("http://a.gov.cn/x.html", SOFT_404.encode()))
    long_page = "<html><title>报告</title><body>" + "找不到" + "正文" * 2000 + "</body></html>"
    assert not is_soft_404(html_response("http://a.gov.cn/y.html", long_page.encode()))
    meta = DetailMeta(
        "2023年政府信息公开工作年度报告", "某局", "2024-01-20", index_no="11/2024-00404"
    )
    short_report = detail_page(meta, "<p>详见附件。</p>", [("/a.pdf", "附件")])
    assert not is_soft_404(html_response("http://a.gov.cn/z.html", short_report.encode()))


# --- anti-bot and the guard --------------------------------------------------------------


def test_antibot_fingerprints() -> None:
    def response(status: int, body: bytes, server: bytes = b"nginx") -> Response:
        return Response("http://a.gov.cn/", status=status, body=body, headers={"Server": server})

    assert (
        challenge_kind(response(412, b"<script>$_ts=window['$_ts'];</script>")) == "riversafe-412"
    )
    assert (
        challenge_kind(response(521, b"<script>document.cookie='__jsl_clearance=1'</script>"))
        == "jiasule-521"
    )
    assert challenge_kind(response(403, b"blocked", server=b"EdgeOne")) == "edgeone"
    assert (
        challenge_kind(response(200, "<html>2023年政府信息公开工作年度报告</html>".encode()))
        is None
    )
    assert challenge_kind(response(412, b"precondition failed")) is None


def test_guard_host_rules() -> None:
    allowed = ("hongze.gov.cn", "127.0.0.1:8080")
    assert host_allowed("http://www.hongze.gov.cn/a.html", allowed)
    assert host_allowed("https://hongze.gov.cn/a.html", allowed)
    assert not host_allowed("http://hongze.gov.cn.mirror.com/a.html", allowed)
    assert not host_allowed("http://www.huaian.gov.cn/a.html", allowed)
    assert host_allowed("http://127.0.0.1:8080/nb/", allowed)
    assert not host_allowed("http://127.0.0.1:9090/nb/", allowed)
    assert not Source("s", "n", ("http://www.hongze.gov.cn/",)).host_is_private()


# --- transport ---------------------------------------------------------------------------


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count


def test_scheme_fallback_and_backoff() -> None:
    from types import SimpleNamespace

    from scrapy import Spider
    from twisted.internet.error import ConnectionRefusedError, DNSLookupError

    from crawler.middlewares.transport import BackoffRetryMiddleware, SchemeFallbackMiddleware
    from crawler.settings import base_settings

    # A stand-in crawler: these middlewares only count and read settings.
    spider = Spider("probe")
    crawler = SimpleNamespace(stats=_Stats(), settings=base_settings(), spider=spider)
    spider.crawler = crawler  # type: ignore[assignment]
    fallback = SchemeFallbackMiddleware(crawler)  # type: ignore[arg-type]
    request = Request("https://www.hongze.gov.cn/zfxxgk/", meta={"role": "start", "retry_times": 2})
    retry = fallback.process_exception(request, ConnectionRefusedError())
    assert retry is not None and retry.url == "http://www.hongze.gov.cn/zfxxgk/"
    assert retry.meta["retry_times"] == 0 and retry.meta["role"] == "start"
    # Once only, and never for a name that does not resolve (no network: give up fast).
    assert fallback.process_exception(retry, ConnectionRefusedError()) is None
    assert fallback.process_exception(request, DNSLookupError()) is None

    backoff = BackoffRetryMiddleware(crawler.settings)
    backoff.crawler = crawler  # type: ignore[assignment]
    first = backoff._retry(Request("http://a.gov.cn/"), "timeout")
    assert first is not None and first.meta["backoff_delay"] == 1.0
    second = backoff._retry(first, "timeout")
    assert second is not None and second.meta["backoff_delay"] == 2.0
    assert backoff._retry(second, "timeout") is None  # RETRY_TIMES = 2
