-- @view continuity_carry
-- @comment 结转连续性：本年“上年结转”应等于上年“结转下年度继续办理”（表三，逐列）— carry continuity across years per organ and applicant column: carried_over(Y) = carried_forward(Y-1)
-- @inherit consecutive_reports stg_checks
-- @column col: 列 — table 3 column (applicant type or total)
-- @column previous_carried_forward: 上年结转下年度 — 四、结转下年度继续办理 printed in the previous year's report
-- @column carried_over: 本年上年结转 — 二、上年结转 printed in this year's report
-- @column delta: 差额 — carried_over - previous_carried_forward
-- @column status: 结果 — pass, fail, or not_assessable when either cell is missing or not a number
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
    pair.* EXCLUDE (previous_template, template, previous_report_id, report_id),
    k.col,
    pk.carried_forward AS previous_carried_forward,
    k.carried_over,
    k.carried_over - pk.carried_forward AS delta,
    CASE
        WHEN k.carried_over IS NULL OR pk.carried_forward IS NULL THEN 'not_assessable'
        WHEN k.carried_over = pk.carried_forward THEN 'pass'
        ELSE 'fail'
    END AS status,
    pair.previous_report_id,
    pair.report_id
FROM consecutive_reports AS pair
JOIN carry AS k ON k.report_id = pair.report_id
LEFT JOIN carry AS pk ON pk.report_id = pair.previous_report_id AND pk.col = k.col
