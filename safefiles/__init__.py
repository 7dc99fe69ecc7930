"""Reading untrusted files with bounded time and memory (no Django, no database)."""
