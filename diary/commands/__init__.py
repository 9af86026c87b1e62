"""Subcommands of `rls-diary`, one module each."""
