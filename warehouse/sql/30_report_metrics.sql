-- @view report_metrics
-- @comment 报告指标长表：当前版本报告中印为数字的每个标准单元格一行，附机关、地区、年度与范围 — every cell printed as a number in a current report, one row per (report, cell key), with the report's organ, region, year and scope: the base of comparisons across organs and years
-- @inherit current_reports stg_cells
-- @column metric: 指标 — the cell key <table>.<row>.<col> (labels in dim_cell_keys); local extra_<n> rows are left out because they are not comparable across organs
SELECT
    {{ report_identity }},
    c."table" || '.' || c."row" || '.' || c.col AS metric,
    c."table",
    c."row",
    c.col,
    c.value
FROM current_cells AS c
JOIN current_reports AS r USING (report_id)
WHERE c.state = 'number' AND NOT starts_with(c."row", 'extra_')
