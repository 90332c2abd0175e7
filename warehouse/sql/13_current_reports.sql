-- @view current_reports
-- @comment 当前版本报告（轻量）：每份报告一行，仅报告自身字段 — the current version of each report, one row per report with the report's own fields only (the cheap join partner of the cell-level views; report_summary adds checks and deadlines)
-- @inherit stg_reports
SELECT *
FROM stg_reports
WHERE is_current
