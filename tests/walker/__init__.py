"""Objects the URL walker needs for the URLs of each workspace module.

A module here defines `objects(*, team, personas, contact) -> dict[str, int]`, mapping URL
kwarg names (e.g. "initiative_id") to ids of real objects of the persona team.
"""
