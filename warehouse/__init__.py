"""The analysts' DuckDB warehouse: documented views over the transform's Parquet datasets.

`python -m warehouse build --data-dir DIR` writes DIR/warehouse.duckdb: staging views 1:1 on
the datasets (`stg_<dataset>`, generated from transform/schema.py), then the analysis views
and table macros of warehouse/sql/*.sql. Every view and column carries a comment generated
from transform/schema.py, transform/model.py or the structured comments beside the SQL.
"""
