"""Statistics for managers: aggregates, comparisons, snapshots, charts and exports."""
