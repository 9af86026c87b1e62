"""The window's dialogs: errors, About, check result, restore, import and export."""
