-- @view pipeline_runs
-- @comment 运行记录：每次定时运行（make all）各阶段的结果、耗时与计数 — one row per stage of each scheduled run (make all): outcome, duration and counts, newest run first
-- @inherit stg_pipeline_runs
SELECT *
FROM stg_pipeline_runs
ORDER BY
    run_id DESC,
    CASE stage WHEN 'crawl' THEN 1 WHEN 'transform' THEN 2 WHEN 'warehouse' THEN 3 ELSE 4 END
