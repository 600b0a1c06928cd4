"""Local copies of the X API v2, Graph API and YouTube Data API v3, playing a scenario.

The real client libraries (tweepy, facebook-business, google-api-python-client) are pointed at
one local URL; the sandbox answers in the platforms' own shapes, status codes and headers, shows
posts as a scenario clock reaches them, and injects faults on request. Entry points:
`sandbox.server.Sandbox` (in-process, for tests and the demo) and `sandbox.server.serve` (for
`commsdesk sandbox`). Standard library only.
"""
