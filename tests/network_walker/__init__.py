"""Objects the network URL walker (tests/test_network_walker.py) needs for the URLs of each part
of the network app.

A module here defines `objects(*, network, network_personas, personas, team) -> dict[str, str]`
mapping URL kwarg names (e.g. "event_id", "token") to values of real objects of `network` that
the public may see where the view is public (a published event open to guests, a public
profile), so every persona gets an answer that tests its rights and not a missing object.
"""
