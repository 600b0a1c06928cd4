"""Alerts for duty staff: `detectors` find what is happening now, `grouping` keeps one alert per
story, `lifecycle` says who acknowledged and resolved it. Records in `records`, thresholds in `settings`.

Nothing is imported here, so the store can use the records and the life cycle without loading the
detectors' statistics.
"""
