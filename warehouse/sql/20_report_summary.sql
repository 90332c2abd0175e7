-- @view report_summary
-- @comment 报告总览：每份报告一行（当前版本），含机关、地区、层级、年度、格式、范围、解析状态、发布期限与检查结果汇总 — one row per report (current version): organ, region, level, year, template, scope, parse status, legal deadline and a summary of its checks
-- @inherit stg_reports
-- @column deadline: 法定发布期限 — legal publication deadline: 31 January of year+1 for an organ's own report, 31 March of year+1 for a government's aggregate report; null when the scope is unknown
-- @column days_late: 逾期天数 — days published after the deadline (negative: early); null without a publication date or deadline
-- @column is_late: 是否逾期 — true when published after the legal deadline
-- @column n_checks: 检查总数 — identities evaluated on the report
-- @column n_checks_pass: 通过数 — identities that hold
-- @column n_checks_fail: 不符数 — identities the printed numbers violate (a finding about the source)
-- @column n_checks_not_assessable: 无法判断数 — identities that could not be evaluated (a needed cell missing, blank or not a number)
WITH check_counts AS (
    SELECT
        report_id,
        document_sha256,
        count(*) AS n_checks,
        count(*) FILTER (WHERE status = 'pass') AS n_checks_pass,
        count(*) FILTER (WHERE status = 'fail') AS n_checks_fail,
        count(*) FILTER (WHERE status = 'not_assessable') AS n_checks_not_assessable
    FROM stg_checks
    GROUP BY report_id, document_sha256
),
with_deadline AS (
    SELECT
        *,
        -- 《政府信息公开条例》第五十条: departments by 31 January, governments' annual
        -- reports (the region-wide aggregate) by 31 March of the following year.
        CASE scope
            WHEN 'organ' THEN make_date(CAST(year AS INTEGER) + 1, 1, 31)
            WHEN 'aggregate' THEN make_date(CAST(year AS INTEGER) + 1, 3, 31)
        END AS deadline
    FROM current_reports
)
SELECT
    r.report_id,
    r.document_sha256,
    r.organ_key,
    r.agency,
    r.source_id,
    r.region_code,
    r.level,
    r.year,
    r.template,
    r.scope,
    r.parse_status,
    r.error,
    r.format,
    r.extraction,
    r.title,
    r.source_url,
    r.published_date,
    r.deadline,
    r.published_date - r.deadline AS days_late,
    r.published_date > r.deadline AS is_late,
    r.version,
    coalesce(c.n_checks, 0) AS n_checks,
    coalesce(c.n_checks_pass, 0) AS n_checks_pass,
    coalesce(c.n_checks_fail, 0) AS n_checks_fail,
    coalesce(c.n_checks_not_assessable, 0) AS n_checks_not_assessable
FROM with_deadline AS r
LEFT JOIN check_counts AS c USING (report_id, document_sha256)
