"""Clinician live Q&A sessions: scheduled in a group, questions voted up, answered live, archived."""
