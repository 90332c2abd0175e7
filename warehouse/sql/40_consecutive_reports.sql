-- @view consecutive_reports
-- @comment 相邻年度报告对：同一机关、同一范围的本年报告与上年报告 — pairs of one organ's reports for consecutive years (same organ_key and scope, years Y-1 and Y): the base of the continuity checks
-- @inherit report_summary
-- @column previous_year: 上一年度 — year - 1
-- @column previous_template: 上年格式 — template of the previous year's report
-- @column previous_report_id: 上年报告标识 — report_id of the previous year's report
SELECT
    cur.organ_key,
    cur.agency,
    cur.region_code,
    cur.scope,
    prev.year AS previous_year,
    cur.year,
    prev.template AS previous_template,
    cur.template,
    prev.report_id AS previous_report_id,
    cur.report_id
FROM report_summary AS cur
JOIN report_summary AS prev
    ON prev.organ_key = cur.organ_key AND prev.scope = cur.scope AND prev.year = cur.year - 1
