"""The daily hot-topics report: gather (`data`), draw (`charts`), write HTML and PDF (`render`).

    data = gather(store, settings, window, now=now)           # analyse.report.data
    paths = write_report(data, Path("reports"), pdf=True)     # analyse.report.render

Nothing is imported here, so `commsdesk --help` does not load matplotlib and WeasyPrint.
"""
