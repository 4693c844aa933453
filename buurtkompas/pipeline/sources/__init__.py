"""One module per source. Each turns a raw file into an `Extract` with pure functions.

No Django imports here: these modules can be tested and reused without a database.
"""
