"""One module per part of the team workspace; see docs/ARCHITECTURE.md."""
