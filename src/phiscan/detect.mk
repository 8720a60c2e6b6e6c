## phiscan context detectors: names, dates, addresses, structured data, HL7.
phiscan_detect_files =
