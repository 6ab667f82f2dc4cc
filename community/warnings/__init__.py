"""Content warnings: an author folds a post behind a topic; readers choose which topics stay folded."""
