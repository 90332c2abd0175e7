-- @view fee_comparison
-- @comment 行政事业性收费金额比较（t2.fees.amount，万元，2021 格式）：按年度、范围排名与占比 — administrative fees collected (t2.fees.amount, 10k yuan, 2021 template) compared across organs, ranked and shared within region, province and nation per year and scope
-- @inherit ranked_metrics headline_metrics
SELECT * EXCLUDE (metric, "table", "row", col)
FROM ranked_metrics('t2', 'fees', 'amount')
