-- @view t2_by_report
-- @comment 主动公开情况（表二）宽表：每份报告一行，每个单元格一列；2019 与 2021 格式含义相同的列（如处理决定数量）合并为同一列，金额单位万元 — table 2 (proactive disclosure) wide: one row per report, one column per cell; 2019 and 2021 columns with the same meaning (e.g. decisions) share a column; money in 10k yuan
-- @inherit report_summary
WITH t2 AS (
    SELECT
        report_id,
        {{ pivot_t2 }}
    FROM current_cells
    WHERE "table" = 't2'
    GROUP BY report_id
)
SELECT
    {{ report_identity }},
    t2.* EXCLUDE (report_id)
FROM report_summary AS r
JOIN t2 USING (report_id)
