-- @view dim_cell_keys
-- @comment 统计表单元格键（维表）：每个格式版本的每个表、行、列及其中英文标签，取自 transform/model.py — dictionary of the canonical cell keys of tables 2, 3 and 4, per template, with Chinese and English labels (from transform/model.py)
-- @column template: 格式版本 — template the key belongs to (2021 or 2019)
-- @column table: 表 — table key: t2 主动公开, t3 依申请, t4 复议诉讼
-- @column row: 行 — canonical row key
-- @column col: 列 — canonical column key
-- @column cell_key: 单元格键 — <table>.<row>.<col>, the `metric` of report_metrics
-- @column table_zh: 表名 — official Chinese title of the table
-- @column table_en: 表名（英文） — English title of the table
-- @column row_zh: 行名 — official Chinese row label
-- @column row_en: 行名（英文） — English row label
-- @column col_zh: 列名 — official Chinese column label
-- @column col_en: 列名（英文） — English column label
-- @column money: 是否金额 — true for money cells (value in 万元)
SELECT * FROM (VALUES
    {{ cell_key_values }}
) AS keys(template, "table", "row", col, cell_key, table_zh, table_en, row_zh, row_en, col_zh, col_en, money)
