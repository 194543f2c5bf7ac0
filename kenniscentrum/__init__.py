"""Kenniscentrum MVO: content model, validation and build logic for the bilingual CSR knowledge portal."""
