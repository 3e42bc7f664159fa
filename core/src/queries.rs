//! Queries
