-- @view year_over_year
-- @comment 同比变化：同一机关、同一范围、同一指标相邻两年的数值与变化 — year-over-year change of every headline metric per organ (same organ_key and scope, years Y-1 and Y)
-- @inherit headline_metrics
-- @column previous_year: 上一年度 — year - 1
-- @column previous_value: 上年数值 — the metric in the organ's report for the previous year
-- @column change: 变化量 — value - previous_value
-- @column relative_change: 变化率 — change / previous_value; null when previous_value is 0
-- @column previous_report_id: 上年报告标识 — report_id of the previous year's report
SELECT
    cur.organ_key,
    cur.agency,
    cur.region_code,
    cur.level,
    cur.scope,
    cur.metric,
    prev.year AS previous_year,
    cur.year,
    prev.value AS previous_value,
    cur.value,
    cur.value - prev.value AS change,
    (cur.value - prev.value) / nullif(prev.value, 0) AS relative_change,
    prev.report_id AS previous_report_id,
    cur.report_id
FROM headline_metrics AS cur
JOIN headline_metrics AS prev
    ON prev.organ_key = cur.organ_key
    AND prev.scope = cur.scope
    AND prev.metric = cur.metric
    AND prev.year = cur.year - 1
