//! Corpus test (to come).
