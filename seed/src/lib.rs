//! Data that is not a landlord's own, kept apart from the server's modules: the demo
//! landlord ([`demo`], `putright seed-demo`) and synthetic cases at a large landlord's
//! scale for the benchmarks ([`scale`], `putright seed-scale`). Never load either into a
//! real database.

#![forbid(unsafe_code)]

pub mod demo;
pub mod scale;
