"""The response queue: public mentions that need a reply from the force, marked, assigned and answered.

`rules` decides what needs a reply and why (pure); `records` holds the queue's records and its table
of moves; `queue` marks new mentions and answers through the post workflow; `cli` is `commsdesk replies`.
"""
