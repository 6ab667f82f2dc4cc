"""Pages that belong to no one feature: the home page and crisis resources."""
