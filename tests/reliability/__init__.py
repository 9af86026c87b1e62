"""Durability scenarios (crash, damage, hostile CSV, privacy): small in `make test`, full in
`make reliability`."""
