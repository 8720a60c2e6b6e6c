## libcommon I/O: YAML loading, crash-safe writes and locks, input walker.
common_io_files =
