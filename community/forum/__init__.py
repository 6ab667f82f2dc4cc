"""Forum: threads and replies in groups, openly or anonymously."""
