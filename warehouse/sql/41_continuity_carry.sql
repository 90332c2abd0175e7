-- @view continuity_carry
-- @comment 结转连续性：本年“上年结转”应等于上年“结转下年度继续办理”（表三，逐列）— carry continuity across years per organ and applicant column: carried_over(Y) = carried_forward(Y-1)
-- @inherit report_summary stg_checks
-- @column previous_year: 上一年度 — year - 1
-- @column col: 列 — table 3 column (applicant type or total)
-- @column previous_carried_forward: 上年结转下年度 — 四、结转下年度继续办理 printed in the previous year's report
-- @column carried_over: 本年上年结转 — 二、上年结转 printed in this year's report
-- @column delta: 差额 — carried_over - previous_carried_forward
-- @column status: 结果 — pass, fail, or not_assessable when either cell is missing or not a number
-- @column previous_report_id: 上年报告标识 — report_id of the previous year's report
WITH carry AS (
    SELECT
        report_id,
        col,
        max(value) FILTER (WHERE "row" = 'carried_over') AS carried_over,
        max(value) FILTER (WHERE "row" = 'carried_forward') AS carried_forward
    FROM current_cells
    WHERE "table" = 't3' AND "row" IN ('carried_over', 'carried_forward')
    GROUP BY report_id, col
)
SELECT
    cur.organ_key,
    cur.agency,
    cur.region_code,
    cur.scope,
    prev.year AS previous_year,
    cur.year,
    k.col,
    pk.carried_forward AS previous_carried_forward,
    k.carried_over,
    k.carried_over - pk.carried_forward AS delta,
    CASE
        WHEN k.carried_over IS NULL OR pk.carried_forward IS NULL THEN 'not_assessable'
        WHEN k.carried_over = pk.carried_forward THEN 'pass'
        ELSE 'fail'
    END AS status,
    prev.report_id AS previous_report_id,
    cur.report_id
FROM report_summary AS cur
JOIN report_summary AS prev
    ON prev.organ_key = cur.organ_key AND prev.scope = cur.scope AND prev.year = cur.year - 1
JOIN carry AS k ON k.report_id = cur.report_id
LEFT JOIN carry AS pk ON pk.report_id = prev.report_id AND pk.col = k.col
