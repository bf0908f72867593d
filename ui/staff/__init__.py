"""The staff area: the duty officer's day and the supervisor's tools, signed in by PIN."""
