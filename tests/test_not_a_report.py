"""Pages that are not a report with tables get `no_tables` and say why; bad bytes `failed`."""

from __future__ import annotations

from transform.parse import parse_bytes

NOTICE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="关于做好2023年度政府信息公开工作年度报告编制发布工作的通知">
<meta name="PubDate" content="2024-01-05 10:00">
<title>关于做好2023年度政府信息公开工作年度报告编制发布工作的通知</title></head><body>
<div class="header">首页 | 政务公开 | 通知公告</div>
<div id="zoom"><p>各乡镇人民政府、街道办事处，县政府各部门：</p>
<p>根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发
〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，现就做好2023年度政府信息公开工作
年度报告编制发布工作通知如下：</p><p>一、各单位应于2024年1月31日前，在本单位门户网站
政府信息公开专栏发布年度报告。二、年度报告应当严格按照格式要求编制，数据真实准确。三、
县政务公开办将对年度报告发布情况进行检查并通报。</p><p>县人民政府办公室</p>
<p>2024年1月5日</p></div></body></html>"""

INTERPRETATION = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>图解：2022年某市人民政府政府信息公开工作年度报告解读</title></head><body>
<div class="TRS_Editor"><p>一图读懂2022年某市政府信息公开工作年度报告。</p>
<p>2022年，全市主动公开政府信息12万余条，其中政策文件1600余件，组织新闻发布会180场，
收到政府信息公开申请2100余件，均按期答复。全市持续深化重点领域信息公开，围绕优化营商环境、
乡村振兴、公共卫生等方面发布信息，回应社会关切，政务公开工作取得新成效。</p>
<p><img src="/images/tujie2022.jpg"></p></div></body></html>"""

JS_SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title>
<script src="/static/js/app.8a7f.js"></script></head>
<body><div id="app"></div><noscript>请开启JavaScript</noscript>
<script>window.__INITIAL_STATE__={"id":"2023ndbg"};</script></body></html>"""


def test_notice_about_reports_is_no_tables() -> None:
    parsed = parse_bytes(NOTICE.encode("utf-8"), filename="notice.html")
    assert parsed.report.parse_status == "no_tables"
    assert "notice" in (parsed.report.error or "")
    assert parsed.cells == [] and parsed.checks == []


def test_interpretation_page_is_no_tables() -> None:
    parsed = parse_bytes(INTERPRETATION.encode("gb18030"), filename="jiedu.htm")
    assert parsed.report.parse_status == "no_tables"
    assert "解读" in (parsed.report.error or "")


def test_script_shell_is_no_tables() -> None:
    parsed = parse_bytes(JS_SHELL.encode("utf-8"), filename="index.html")
    assert parsed.report.parse_status == "no_tables"
    assert "empty page" in (parsed.report.error or "")


def test_unknown_bytes_and_empty_files_fail_with_a_reason() -> None:
    junk = parse_bytes(b"\x00\x01\x02binary\x00junk" * 10, filename="x.bin")
    assert junk.report.parse_status == "failed"
    assert junk.report.error == "unknown format (not a report document)"
    empty = parse_bytes(b"", filename="empty.txt")
    assert empty.report.parse_status == "failed" and empty.report.error == "empty document"


def test_extractor_exception_becomes_failed_with_type_and_message() -> None:
    parsed = parse_bytes(b"PK\x03\x04" + b"word/document.xml" + b"\x00" * 64, filename="r.docx")
    assert parsed.report.parse_status == "failed"
    assert parsed.report.error and ":" in parsed.report.error
    assert "\n" not in parsed.report.error


LEGACY = """<html><head><meta charset="utf-8">
<title>某县交通运输局2015年政府信息公开工作年度报告</title></head><body><div class="TRS_Editor">
<p>某县交通运输局2015年政府信息公开工作年度报告</p><p>一、概述</p>
<p>2015年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。</p>
<p>附表：政府信息公开情况统计表</p><table border="1">
<tr><td>指标名称</td><td>计量单位</td><td>本年度</td><td>历年累计</td></tr>
<tr><td>一、主动公开情况</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>
<tr><td>（一）主动公开政府信息数</td><td>条</td><td>126</td><td>1520</td></tr>
<tr><td>其中：主动公开规范性文件数</td><td>条</td><td>2</td><td>31</td></tr>
</table></div></body></html>"""


def test_legacy_report_is_no_tables_with_template_legacy() -> None:
    parsed = parse_bytes(LEGACY.encode("utf-8"), filename="2015.html")
    assert parsed.report.template == "legacy"
    assert parsed.report.parse_status == "no_tables"
    assert (parsed.report.error or "").startswith("legacy (pre-2019) report")
    assert (parsed.report.agency, parsed.report.year) == ("某县交通运输局", 2015)
    assert parsed.cells == []
