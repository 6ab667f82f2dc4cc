"""Clinician live Q&A: sessions in a group, questions voted up, answered live, then archived."""
