-- @view request_outcomes
-- @comment 依申请公开办理结果（表三）：每份报告一行，各类结果件数与占办结总数的比率 — table 3 outcomes per report: counts of each kind of answer and their rate among requests processed (total_processed)
-- @inherit report_summary
-- @column new_received: 本年新收申请数 — 一、本年新收 (总计 column, see uses_column_sums)
-- @column carried_over: 上年结转申请数 — 二、上年结转 (总计 column)
-- @column total_processed: 办理结果总计 — 三、（七）总计: requests processed, the denominator of every rate
-- @column granted: 予以公开 — 三、（一）予以公开
-- @column partially_granted: 部分公开 — 三、（二）部分公开
-- @column denied: 不予公开 — 三、（三）不予公开, the sum of its eight reasons
-- @column not_held: 本机关不掌握 — 三、（四）1. 本机关不掌握相关政府信息
-- @column unavailable: 无法提供 — 三、（四）无法提供, the sum of its three reasons (not_held included)
-- @column not_processed: 不予处理 — 三、（五）不予处理, the sum of its five reasons
-- @column other_handling: 其他处理 — 三、（六）其他处理, printed as one row or as three sub-rows
-- @column carried_forward: 结转下年度继续办理 — 四、结转下年度继续办理
-- @column granted_rate: 予以公开率 — granted / total_processed
-- @column partially_granted_rate: 部分公开率 — partially_granted / total_processed
-- @column denied_rate: 不予公开率 — denied / total_processed
-- @column not_held_rate: 不掌握率 — not_held / total_processed
-- @column unavailable_rate: 无法提供率 — unavailable / total_processed
-- @column not_processed_rate: 不予处理率 — not_processed / total_processed
-- @column uses_column_sums: 是否含按列合计 — true when some row's 总计 was not printed as a number and its count is the sum of the six applicant columns (blanks as 0) instead
WITH t3_rows AS (
    -- One count per row: the printed 总计, else the applicant columns summed (the 2019
    -- Shanghai report, for one, leaves 总计 blank on every detail row).
    SELECT
        report_id,
        "row",
        max(value) FILTER (WHERE col = 'total') AS printed_total,
        sum(value) FILTER (WHERE col IN {{ t3_applicant_columns }}) AS column_sum
    FROM current_cells
    WHERE "table" = 't3'
    GROUP BY report_id, "row"
),
counts AS (
    SELECT
        report_id,
        sum(n) FILTER (WHERE "row" = 'new_received') AS new_received,
        sum(n) FILTER (WHERE "row" = 'carried_over') AS carried_over,
        sum(n) FILTER (WHERE "row" = 'total_processed') AS total_processed,
        sum(n) FILTER (WHERE "row" = 'granted') AS granted,
        sum(n) FILTER (WHERE "row" = 'partially_granted') AS partially_granted,
        sum(n) FILTER (WHERE "row" IN {{ t3_denied_rows }}) AS denied,
        sum(n) FILTER (WHERE "row" = 'unavailable_not_held') AS not_held,
        sum(n) FILTER (WHERE "row" IN {{ t3_unavailable_rows }}) AS unavailable,
        sum(n) FILTER (WHERE "row" IN {{ t3_not_processed_rows }}) AS not_processed,
        sum(n) FILTER (WHERE "row" IN {{ t3_other_rows }}) AS other_handling,
        sum(n) FILTER (WHERE "row" = 'carried_forward') AS carried_forward,
        bool_or(summed) AS uses_column_sums
    FROM (
        SELECT
            report_id,
            "row",
            coalesce(printed_total, column_sum) AS n,
            printed_total IS NULL AND column_sum IS NOT NULL AS summed
        FROM t3_rows
    ) AS resolved
    GROUP BY report_id
)
SELECT
    {{ report_identity }},
    c.new_received,
    c.carried_over,
    c.total_processed,
    c.granted,
    c.partially_granted,
    c.denied,
    c.not_held,
    c.unavailable,
    c.not_processed,
    c.other_handling,
    c.carried_forward,
    c.granted / nullif(c.total_processed, 0) AS granted_rate,
    c.partially_granted / nullif(c.total_processed, 0) AS partially_granted_rate,
    c.denied / nullif(c.total_processed, 0) AS denied_rate,
    c.not_held / nullif(c.total_processed, 0) AS not_held_rate,
    c.unavailable / nullif(c.total_processed, 0) AS unavailable_rate,
    c.not_processed / nullif(c.total_processed, 0) AS not_processed_rate,
    c.uses_column_sums
FROM report_summary AS r
JOIN counts AS c USING (report_id)
