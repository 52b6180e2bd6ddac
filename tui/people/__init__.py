"""Availability, the team and the call log: pure logic and REST, no Textual.

`availability` (status, DND, queue calls), `team` (colleagues and their presence),
`calllog` (the call log book and its cache), `rest` (the requests), `sync` (call-log-sync
without polling).
"""
