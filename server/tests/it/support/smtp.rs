//! The SMTP server the outbox's tests send to (`bench::smtp_sink`).

pub use bench::smtp_sink::SmtpSink;
