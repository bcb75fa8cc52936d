"""The dashboard's tables, counted in the database: one module per topic, with the
filters' scope they share (scope.py). placement/statistics/aggregates.py puts them together."""
