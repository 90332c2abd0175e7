-- @view headline_metrics
-- @comment 主要指标：表二的全部单元格及表三、表四的“总计”列 — the metrics compared across organs and years: every table 2 cell and the 总计 column of tables 3 and 4 (report_metrics holds every cell, for compare_metric and metric_history)
-- @inherit report_metrics
SELECT *
FROM report_metrics
WHERE "table" = 't2' OR col = 'total'
