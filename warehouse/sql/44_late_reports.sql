-- @view late_reports
-- @comment 逾期发布的年度报告：发布日期晚于法定期限（部门 1 月 31 日，政府汇总报告 3 月 31 日）— reports published after the legal deadline (31 January of the next year for an organ's report, 31 March for a government's aggregate report)
-- @inherit report_summary
SELECT
    report_id,
    organ_key,
    agency,
    region_code,
    level,
    year,
    scope,
    published_date,
    deadline,
    days_late,
    title,
    source_url
FROM report_summary
WHERE is_late
