-- @view continuity_stock
-- @comment 存量连续性（2021 格式）：本年现行有效件数应等于上年现行有效件数加本年制发减本年废止（表二，规章与规范性文件）— stock continuity per organ, 2021 template in both years: in_force(Y) = in_force(Y-1) + issued(Y) - repealed(Y), for regulations and normative documents
-- @inherit consecutive_reports stg_cells
-- @column previous_in_force: 上年现行有效件数 — in_force printed in the previous year's report
-- @column issued: 本年制发件数 — issued printed this year
-- @column repealed: 本年废止件数 — repealed printed this year
-- @column in_force: 现行有效件数 — in_force printed this year
-- @column expected_in_force: 推算现行有效件数 — previous_in_force + issued - repealed
-- @column delta: 差额 — in_force - expected_in_force
-- @column status: 结果 — pass, fail, or not_assessable when a needed cell is missing or not a number
WITH stock AS (
    SELECT
        report_id,
        "row",
        max(value) FILTER (WHERE col = 'issued') AS issued,
        max(value) FILTER (WHERE col = 'repealed') AS repealed,
        max(value) FILTER (WHERE col = 'in_force') AS in_force
    FROM current_cells
    WHERE "table" = 't2' AND "row" IN ('regulations', 'normative_documents')
    GROUP BY report_id, "row"
),
compared AS (
    SELECT
        pair.* EXCLUDE (previous_template, template, previous_report_id, report_id),
        s."row",
        ps.in_force AS previous_in_force,
        s.issued,
        s.repealed,
        s.in_force,
        ps.in_force + s.issued - s.repealed AS expected_in_force,
        pair.previous_report_id,
        pair.report_id
    FROM consecutive_reports AS pair
    JOIN stock AS s ON s.report_id = pair.report_id
    LEFT JOIN stock AS ps ON ps.report_id = pair.previous_report_id AND ps."row" = s."row"
    WHERE pair.template = '2021' AND pair.previous_template = '2021'
)
SELECT
    * EXCLUDE (previous_report_id, report_id),
    in_force - expected_in_force AS delta,
    CASE
        WHEN in_force IS NULL OR expected_in_force IS NULL THEN 'not_assessable'
        WHEN in_force = expected_in_force THEN 'pass'
        ELSE 'fail'
    END AS status,
    previous_report_id,
    report_id
FROM compared
