"""The web desk: FastAPI with server-rendered Jinja2 pages, for every user on the force's network.

Domain work stays in the packages (the store's verbs, publish, analyse); this package signs people
in, checks their roles and renders what those verbs return. `web.records` is kept free of the web
framework so the store can import its records and rules.
"""
