"""Parse annual reports (every format) into the canonical model and write Parquet datasets."""

# Bump whenever a change can alter any parsed value: transform re-parses everything then.
PARSER_VERSION = "0.1.0"
