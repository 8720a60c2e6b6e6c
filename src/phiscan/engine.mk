## phiscan scan engine: rule packs, compilation, prefilter, validators, merge, scoring.
phiscan_engine_files =
