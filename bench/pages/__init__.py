"""The team modules' additions to the team-page benchmark (`bench/buurtwerk.py`).

A module that has team pages adds `bench/pages/<module>.py` with

- `PAGES`: the URL names of its list pages (reversed with the team's id), and
- optionally `fill(team, *, scale, rng, today, members, contacts)`: writes its rows for the
  team in bulk (`scale` is 1 for the big team and 0.01 for the small one; `members` are users,
  `contacts` the team's residents), inside the bench's transaction.

`bench/buurtwerk.py` measures those pages for both teams like its own: p50/p95 and whether the
number of queries stays the same for the small and the big team.
"""
