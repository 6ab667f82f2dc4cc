"""Search across the forum posts a member may read (issue 14, item 4)."""
