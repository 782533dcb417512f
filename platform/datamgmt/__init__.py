"""Dataset management for admins: rebuild built-in datasets in the background, upload CSV or Parquet files
as new datasets (or new versions of one), and re-validate the problems on a dataset that changed."""
