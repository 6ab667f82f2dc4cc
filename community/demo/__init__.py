"""Demo data for `flask --app community seed-demo`."""
