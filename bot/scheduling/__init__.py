"""Scheduled work: jobs that carry ids only, rebuilt from the database at start-up."""
