-- @view current_cells
-- @comment 当前版本报告的单元格 — cells of the current version of each report (a report edited after publication keeps only its latest version's cells)
-- @inherit stg_cells
SELECT c.*
FROM stg_cells AS c
SEMI JOIN (SELECT report_id, document_sha256 FROM stg_reports WHERE is_current) AS r
    USING (report_id, document_sha256)
